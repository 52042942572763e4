using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// One <c>name = value</c> definition: a start line, its continuation lines and any comment or blank lines between
/// them. <see cref="Value"/> is the raw (unexpanded) value exactly as Postfix stores it: the logical line's text after
/// <c>=</c> with leading and trailing whitespace removed, continuation lines joined without separator.
/// </summary>
public sealed class MainCfParameter : MainCfEntry
{
    internal MainCfParameter(
        string raw,
        int lineNumber,
        int lineCount,
        string rawName,
        string rawValue,
        MainCfSpan nameSpan,
        MainCfSpan equalsSpan,
        MainCfSpan valueSpan,
        SourceLocation location,
        SourceLocation valueLocation)
        : base(raw, lineNumber, lineCount)
    {
        RawName = rawName;
        RawValue = rawValue;
        NameSpan = nameSpan;
        EqualsSpan = equalsSpan;
        ValueSpan = valueSpan;
        Location = location;
        ValueLocation = valueLocation;
    }

    /// <inheritdoc/>
    public override MainCfEntryKind Kind => MainCfEntryKind.Parameter;

    /// <summary>The parameter name (case-sensitive, as written).</summary>
    public string Name => ByteText.ToDisplay(RawName);

    /// <summary>The raw value (not <c>$</c>-expanded); empty for <c>name =</c>.</summary>
    public string Value => ByteText.ToDisplay(RawValue);

    /// <summary>Where the name is in <see cref="MainCfEntry.Text"/> (byte offsets).</summary>
    public MainCfSpan NameSpan { get; }

    /// <summary>Where the <c>=</c> is in <see cref="MainCfEntry.Text"/> (byte offsets).</summary>
    public MainCfSpan EqualsSpan { get; }

    /// <summary>
    /// Where the value is in <see cref="MainCfEntry.Text"/> (byte offsets), from its first to its last byte; for a
    /// continued value this includes the line breaks, indentation and any inner comment lines. An empty value has an
    /// empty span right after the whitespace that follows <c>=</c>.
    /// </summary>
    public MainCfSpan ValueSpan { get; }

    /// <summary>Whether the value continues over more than one physical line.</summary>
    public bool IsContinued => LineCount > 1;

    /// <summary>Where the entry starts (its name).</summary>
    public SourceLocation Location { get; }

    /// <summary>Where the value starts.</summary>
    public SourceLocation ValueLocation { get; }

    /// <summary>The name as byte text.</summary>
    internal string RawName { get; }

    /// <summary>The value as byte text.</summary>
    internal string RawValue { get; }
}
