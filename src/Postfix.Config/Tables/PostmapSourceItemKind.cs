namespace Postfix.Config.Tables;

/// <summary>What a <see cref="PostmapSourceItem"/> holds.</summary>
public enum PostmapSourceItemKind
{
    /// <summary>A blank line.</summary>
    Blank,

    /// <summary>A comment line (first non-blank byte is <c>#</c>).</summary>
    Comment,

    /// <summary>A <c>key value</c> entry (a logical line, possibly continued).</summary>
    Entry,

    /// <summary>A logical line Postfix skips with a warning (kept verbatim).</summary>
    Skipped,
}
