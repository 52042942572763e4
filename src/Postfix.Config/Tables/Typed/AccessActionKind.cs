namespace Postfix.Config.Tables.Typed;

/// <summary>The action word of an access(5) table value, as smtpd's <c>check_table_result()</c> reads it.</summary>
public enum AccessActionKind
{
    /// <summary><c>OK</c>: accept.</summary>
    Ok,

    /// <summary><c>RELAY</c>: accept (a synonym of OK).</summary>
    Relay,

    /// <summary>A value of digits only (for example <c>550</c> alone): Postfix treats it as OK, not as a rejection.</summary>
    AllDigits,

    /// <summary><c>4NN text</c> or <c>5NN text</c>: reject with that SMTP code (text required).</summary>
    SmtpCode,

    /// <summary><c>REJECT [text]</c>.</summary>
    Reject,

    /// <summary><c>DEFER [text]</c>.</summary>
    Defer,

    /// <summary><c>DEFER_IF_REJECT [text]</c>.</summary>
    DeferIfReject,

    /// <summary><c>DEFER_IF_PERMIT [text]</c>.</summary>
    DeferIfPermit,

    /// <summary><c>DUNNO</c>: stop this table, go on with the next restriction.</summary>
    Dunno,

    /// <summary><c>DISCARD [text]</c>.</summary>
    Discard,

    /// <summary><c>HOLD [text]</c>.</summary>
    Hold,

    /// <summary><c>FILTER transport:destination</c>.</summary>
    Filter,

    /// <summary><c>REDIRECT user@domain</c>.</summary>
    Redirect,

    /// <summary><c>BCC user@domain</c> (3.0+).</summary>
    Bcc,

    /// <summary><c>PREPEND header: value</c>.</summary>
    Prepend,

    /// <summary><c>INFO [text]</c> (3.0+).</summary>
    Info,

    /// <summary><c>WARN [text]</c>.</summary>
    Warn,

    /// <summary><c>HANGUP</c> (a test feature).</summary>
    Hangup,

    /// <summary>Anything else: a list of restrictions or a restriction class name.</summary>
    Restrictions,
}
