namespace Postfix.Config.Tables.Typed;

/// <summary>The actions of header_checks(5) and body_checks values (matched case-insensitively).</summary>
public enum HeaderCheckActionKind
{
    /// <summary><c>BCC user@domain</c>.</summary>
    Bcc,

    /// <summary><c>DISCARD [text]</c>.</summary>
    Discard,

    /// <summary><c>DUNNO</c>.</summary>
    Dunno,

    /// <summary><c>FILTER transport:destination</c>.</summary>
    Filter,

    /// <summary><c>HOLD [text]</c>.</summary>
    Hold,

    /// <summary><c>IGNORE</c>: delete the header.</summary>
    Ignore,

    /// <summary><c>INFO [text]</c>.</summary>
    Info,

    /// <summary><c>PASS [text]</c> (3.2+).</summary>
    Pass,

    /// <summary><c>PREPEND text</c>.</summary>
    Prepend,

    /// <summary><c>REDIRECT user@domain</c>.</summary>
    Redirect,

    /// <summary><c>REPLACE text</c> (2.2+).</summary>
    Replace,

    /// <summary><c>REJECT [text]</c>.</summary>
    Reject,

    /// <summary><c>STRIP [text]</c> (3.2+).</summary>
    Strip,

    /// <summary><c>WARN [text]</c>.</summary>
    Warn,

    /// <summary>An action Postfix does not know (cleanup logs a warning and ignores it).</summary>
    Unknown,
}
