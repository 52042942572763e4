namespace Postfix.Config.MainCf;

/// <summary>What a <see cref="MainCfEntry"/> is.</summary>
public enum MainCfEntryKind
{
    /// <summary>A <c>name = value</c> logical line, with any comment or blank lines inside it.</summary>
    Parameter,

    /// <summary>A comment line (first non-whitespace byte is <c>#</c>) outside any logical line.</summary>
    Comment,

    /// <summary>An empty or all-whitespace line outside any logical line.</summary>
    Blank,

    /// <summary>
    /// Lines Postfix cannot use: a logical line without <c>=</c> or without a name (fatal in Postfix), or a logical
    /// line that starts with whitespace (skipped with a warning). Kept verbatim, with a diagnostic.
    /// </summary>
    Unparsed,
}
