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
        string? resultText = null,
        string? patternText = null,
        int resultStart = 0)
    {
        Kind = kind;
        Group = group;
        Diagnostics = diagnostics;
        Pattern = pattern;
        SecondPattern = secondPattern;
        ResultText = resultText;
        PatternText = patternText;
        ResultStart = resultStart;
    }

    /// <summary>What the entry is.</summary>
    public PatternTableEntryKind Kind { get; }

    /// <summary>The 1-based line number of the entry's first line (what Postfix reports).</summary>
    public int LineNumber => Group.LineNumber;

    /// <summary>The entry's exact source text, every line with its line ending, decoded with <see cref="PostfixText.Decode"/>.</summary>
    public string RawText => ByteText.ToDisplay(Group.RawText);

    /// <summary>The pattern of a rule or <c>if</c> line.</summary>
    public PatternTablePattern? Pattern { get; }

    /// <summary>The second pattern of a <c>/p1/!/p2/ result</c> rule (regexp: tables only).</summary>
    public PatternTablePattern? SecondPattern { get; }

    /// <summary>The result text of a rule, as written (before <c>$n</c> substitution); the string round-trips to the exact bytes.</summary>
    public string? Result => ResultText is null ? null : ByteText.ToDisplay(ResultText);

    /// <summary>Where the entry is: its first byte (line, column, offset from the start of the file) and its length in bytes.</summary>
    public SourceLocation Location => Group.Source.LocationOf(Group.Start, Group.End - Group.Start);

    /// <summary>The warnings Postfix gives for this entry.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    internal LineGroup Group { get; }

    /// <summary>The result (byte text) of a rule.</summary>
    internal string? ResultText { get; }

    /// <summary>The pattern part of a rule as written (byte text: negation, delimiters, flags).</summary>
    internal string? PatternText { get; }

    /// <summary>
    /// The pattern part of a rule exactly as written (negation, delimiters and flags, such as <c>!/^Subject: x/i</c>):
    /// the key <see cref="PatternTableDocument.GetResult"/>, <see cref="PatternTableDocument.SetRule"/> and
    /// <see cref="PatternTableDocument.RemoveRule"/> take; null unless a rule.
    /// </summary>
    public string? RulePattern => PatternText is null ? null : ByteText.ToDisplay(PatternText);

    /// <summary>The start of the result in the logical text.</summary>
    internal int ResultStart { get; }
}
