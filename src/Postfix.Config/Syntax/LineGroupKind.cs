namespace Postfix.Config.Syntax;

/// <summary>What a <see cref="LineGroup"/> holds.</summary>
internal enum LineGroupKind
{
    /// <summary>One blank line outside any logical line.</summary>
    Blank,

    /// <summary>One comment line outside any logical line.</summary>
    Comment,

    /// <summary>A logical line: a start line, its continuation lines and any blank or comment lines between them.</summary>
    Logical,

    /// <summary>
    /// A logical line that begins with whitespace (nothing before it to continue). Postfix warns
    /// "logical line must not start with whitespace" and skips it with its continuation lines.
    /// </summary>
    Orphan,
}
