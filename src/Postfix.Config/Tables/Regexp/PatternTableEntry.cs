using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// One entry of a regexp: or pcre: table source: a blank or comment line, or one logical line with its
/// continuation lines. <see cref="RawText"/> is the exact source text of the entry.
/// </summary>
public sealed class PatternTableEntry
{
    internal PatternTableEntry(
        PatternTableEntryKind kind,
        LineGroup group,
        IReadOnlyList<Diagnostic> diagnostics,
        PatternTablePattern? pattern = null,
        PatternTablePattern? secondPattern = null,
        string? result = null)
    {
        Kind = kind;
        Group = group;
        Diagnostics = diagnostics;
        Pattern = pattern;
        SecondPattern = secondPattern;
        Result = result;
    }

    /// <summary>What the entry is.</summary>
    public PatternTableEntryKind Kind { get; }

    /// <summary>The 1-based line number of the entry's first line (what Postfix reports).</summary>
    public int LineNumber => Group.LineNumber;

    /// <summary>The entry's exact source text, every line with its line ending (bytes shown as UTF-8 when valid).</summary>
    public string RawText => ByteText.ToDisplay(Group.RawText);

    /// <summary>The pattern of a rule or <c>if</c> line.</summary>
    public PatternTablePattern? Pattern { get; }

    /// <summary>The second pattern of a <c>/p1/!/p2/ result</c> rule (regexp: tables only).</summary>
    public PatternTablePattern? SecondPattern { get; }

    /// <summary>The result text of a rule, as written (before <c>$n</c> substitution).</summary>
    public string? Result { get; }

    /// <summary>The warnings Postfix gives for this entry.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    internal LineGroup Group { get; }
}
