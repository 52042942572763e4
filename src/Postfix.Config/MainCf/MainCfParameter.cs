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
        SourceLocation nameLocation,
        SourceLocation equalsLocation,
        SourceLocation valueLocation)
        : base(raw, lineNumber, lineCount, location)
    {
        RawName = rawName;
        RawValue = rawValue;
        NameSpan = nameSpan;
        EqualsSpan = equalsSpan;
        ValueSpan = valueSpan;
        NameLocation = nameLocation with { Length = nameSpan.Length };
        EqualsLocation = equalsLocation with { Length = equalsSpan.Length };
        ValueLocation = valueLocation with { Length = valueSpan.Length };
    }

    /// <inheritdoc/>
    public override MainCfEntryKind Kind => MainCfEntryKind.Parameter;

    /// <summary>The parameter name (case-sensitive, as written).</summary>
    public string Name => ByteText.ToDisplay(RawName);

    /// <summary>The raw value (not <c>$</c>-expanded); empty for <c>name =</c>.</summary>
    public string Value => ByteText.ToDisplay(RawValue);

    /// <summary>Where the name is: its line and column, and its byte span counted from the start of the file.</summary>
    public SourceLocation NameLocation { get; }

    /// <summary>Where the <c>=</c> is: its line and column, and its byte span counted from the start of the file.</summary>
    public SourceLocation EqualsLocation { get; }

    /// <summary>
    /// Where the value is: the line and column of its first byte, and its byte span counted from the start of the
    /// file, from its first to its last byte; for a continued value the span includes the line breaks, indentation
    /// and any inner comment lines. An empty value has an empty span right after the whitespace that follows <c>=</c>.
    /// </summary>
    public SourceLocation ValueLocation { get; }

    /// <summary>Where the name is in <see cref="MainCfEntry.Raw"/> (offsets from the entry's first byte).</summary>
    internal MainCfSpan NameSpan { get; }

    /// <summary>Where the <c>=</c> is in <see cref="MainCfEntry.Raw"/>.</summary>
    internal MainCfSpan EqualsSpan { get; }

    /// <summary>Where the value is in <see cref="MainCfEntry.Raw"/>.</summary>
    internal MainCfSpan ValueSpan { get; }

    /// <summary>Whether the value continues over more than one physical line.</summary>
    public bool IsContinued => LineCount > 1;

    /// <summary>The name as byte text.</summary>
    internal string RawName { get; }

    /// <summary>The value as byte text.</summary>
    internal string RawValue { get; }
}
