using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// One item of a postmap/texthash source file: a blank or comment line, an entry, or a logical line Postfix skips.
/// It owns its physical lines byte for byte (continuation lines and the comment or blank lines inside them included).
/// </summary>
public sealed class PostmapSourceItem : ITableSourceItem
{
    internal PostmapSourceItem(PostmapSourceItemKind kind, LineGroup group, string? keyText, string? valueText, TableWarning? warning)
    {
        Kind = kind;
        Group = group;
        RawText = group.RawText;
        KeyText = keyText;
        ValueText = valueText;
        Warning = warning;
    }

    /// <summary>What the item holds.</summary>
    public PostmapSourceItemKind Kind { get; }

    /// <summary>Where the item is: its first byte (line, column, offset from the start of the file) and its length in bytes.</summary>
    public SourceLocation Location => Group.Source.LocationOf(Group.Start, RawText.Length);

    /// <summary>The 1-based number of the item's first physical line.</summary>
    public int LineNumber => Group.LineNumber;

    /// <summary>The key exactly as written (quotes and backslashes kept, case not folded); null unless an entry.</summary>
    public string? Key => KeyText is null ? null : ByteText.ToDisplay(KeyText);

    /// <summary>The value with surrounding whitespace trimmed, continuation lines joined as Postfix joins them; null unless an entry.</summary>
    public string? Value => ValueText is null ? null : ByteText.ToDisplay(ValueText);

    /// <summary>The problem Postfix reports for this line (null when there is none; duplicates are the table's business).</summary>
    public Diagnostic? Diagnostic => Warning?.Diagnostic;

    /// <summary>The exact bytes of the item.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(RawText);

    /// <summary>The item's text (every line with its ending), decoded with <see cref="PostfixText.Decode"/>.</summary>
    public override string ToString() => ByteText.ToDisplay(RawText);

    internal LineGroup Group { get; }

    internal string RawText { get; }

    internal string? KeyText { get; }

    internal string? ValueText { get; }

    internal TableWarning? Warning { get; }

    string ITableSourceItem.RawText => RawText;
}
