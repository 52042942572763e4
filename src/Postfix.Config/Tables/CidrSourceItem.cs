using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>One item of a cidr table source; it owns its physical lines byte for byte.</summary>
public sealed class CidrSourceItem
{
    internal CidrSourceItem(CidrSourceItemKind kind, LineGroup group, bool negated, string? patternText, CidrPattern? pattern, string? valueText, TableWarning? warning, int valueStart = 0)
    {
        Kind = kind;
        Group = group;
        RawText = group.RawText;
        ValueStart = valueStart;
        Negated = negated;
        PatternText = patternText;
        Pattern = pattern;
        ValueText = valueText;
        Warning = warning;
    }

    /// <summary>What the item holds.</summary>
    public CidrSourceItemKind Kind { get; }

    /// <summary>Where the item is: its first byte (line, column, offset from the start of the file) and its length in bytes.</summary>
    public SourceLocation Location => Group.Source.LocationOf(Group.Start, RawText.Length);

    /// <summary>The 1-based number of the item's first physical line.</summary>
    public int LineNumber => Group.LineNumber;

    /// <summary>Whether the rule or <c>if</c> is negated (an odd number of <c>!</c>).</summary>
    public bool Negated { get; }

    /// <summary>The parsed network pattern of a rule or <c>if</c>; null otherwise.</summary>
    public CidrPattern? Pattern { get; }

    /// <summary>The pattern as written (rules and <c>if</c>); null otherwise.</summary>
    public string? PatternSource => PatternText is null ? null : ByteText.ToDisplay(PatternText);

    /// <summary>
    /// The pattern of a rule as <see cref="CidrSource.GetResult"/>, <see cref="CidrSource.SetRule"/> and
    /// <see cref="CidrSource.RemoveRule"/> take it: the pattern as written, after one <c>!</c> when the rule is negated;
    /// null unless a rule.
    /// </summary>
    public string? RulePattern => Kind == CidrSourceItemKind.Rule ? (Negated ? "!" : string.Empty) + PatternSource : null;

    /// <summary>The result of a rule (trimmed); null otherwise. The string round-trips to the exact bytes.</summary>
    public string? Result => ValueText is null ? null : ByteText.ToDisplay(ValueText);

    /// <summary>The problem Postfix reports for this line, or null.</summary>
    public Diagnostic? Diagnostic => Warning?.Diagnostic;

    /// <summary>The exact bytes of the item.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(RawText);

    /// <summary>The item's text (every line with its ending), decoded with <see cref="PostfixText.Decode"/>.</summary>
    public override string ToString() => ByteText.ToDisplay(RawText);

    internal LineGroup Group { get; }

    internal string RawText { get; }

    /// <summary>The start of the result in the logical text (rules only).</summary>
    internal int ValueStart { get; }

    internal string? PatternText { get; }

    internal string? ValueText { get; }

    internal TableWarning? Warning { get; set; }
}
