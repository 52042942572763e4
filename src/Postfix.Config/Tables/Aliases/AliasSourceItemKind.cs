namespace Postfix.Config.Tables.Aliases;

/// <summary>What an <see cref="AliasSourceItem"/> holds.</summary>
public enum AliasSourceItemKind
{
    /// <summary>A blank line.</summary>
    Blank,

    /// <summary>A comment line (first non-blank byte is <c>#</c>).</summary>
    Comment,

    /// <summary>A <c>name: value, value…</c> entry (a logical line, possibly continued).</summary>
    Entry,

    /// <summary>A logical line postalias skips (with a warning, or silently when it holds no token), kept verbatim.</summary>
    Skipped,
}
