using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// One item of a postmap/texthash source file: a blank or comment line, an entry, or a logical line Postfix skips.
/// It owns its physical lines byte for byte (continuation lines and the comment or blank lines inside them included).
/// </summary>
public sealed class PostmapSourceItem : ITableSourceItem<PostmapSourceItem>
{
    internal PostmapSourceItem(PostmapSourceItemKind kind, int lineNumber, string rawText, string? keyText, string? valueText, TableWarning? warning)
    {
        Kind = kind;
        LineNumber = lineNumber;
        RawText = rawText;
        KeyText = keyText;
        ValueText = valueText;
        Warning = warning;
    }

    /// <summary>What the item holds.</summary>
    public PostmapSourceItemKind Kind { get; }

    /// <summary>The 1-based number of the item's first physical line.</summary>
    public int LineNumber { get; }

    /// <summary>The key exactly as written (quotes and backslashes kept, case not folded); null unless an entry.</summary>
    public string? Key => KeyText is null ? null : ByteText.ToDisplay(KeyText);

    /// <summary>The value with surrounding whitespace trimmed, continuation lines joined as Postfix joins them; null unless an entry.</summary>
    public string? Value => ValueText is null ? null : ByteText.ToDisplay(ValueText);

    /// <summary>The problem Postfix reports for this line (null when there is none; duplicates are the table's business).</summary>
    public Diagnostic? Diagnostic => Warning?.Diagnostic;

    /// <summary>The exact bytes of the item.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(RawText);

    internal string RawText { get; }

    internal string? KeyText { get; }

    internal string? ValueText { get; }

    internal TableWarning? Warning { get; }

    /// <inheritdoc/>
    public override string ToString() => ByteText.ToDisplay(RawText);

    string ITableSourceItem<PostmapSourceItem>.RawText => RawText;

    PostmapSourceItem ITableSourceItem<PostmapSourceItem>.At(int lineNumber, string rawText) =>
        new(Kind, lineNumber, rawText, KeyText, ValueText, Warning);
}
