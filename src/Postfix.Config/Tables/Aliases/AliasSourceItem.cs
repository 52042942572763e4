using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// One item of an aliases file: a blank or comment line, an entry, or a logical line postalias skips. It owns its
/// physical lines byte for byte (continuation lines and the comment or blank lines inside them included).
/// </summary>
public sealed class AliasSourceItem : ITableSourceItem
{
    internal AliasSourceItem(AliasSourceItemKind kind, LineGroup group, string? nameText, string? valueText, AliasEntry? entry, TableWarning? warning, int valueStart = 0, int valueEnd = 0)
    {
        Kind = kind;
        Group = group;
        RawText = group.RawText;
        NameText = nameText;
        ValueText = valueText;
        Entry = entry;
        Warning = warning;
        ValueStart = valueStart;
        ValueEnd = valueEnd;
    }

    /// <summary>What the item holds.</summary>
    public AliasSourceItemKind Kind { get; }

    /// <summary>Where the item is: its first byte (line, column, offset from the start of the file) and its length in bytes.</summary>
    public SourceLocation Location => Group.Source.LocationOf(Group.Start, RawText.Length);

    /// <summary>The 1-based number of the item's first physical line.</summary>
    public int LineNumber => Group.LineNumber;

    /// <summary>The name as postalias stores it before case folding (internal form: <c>"odd name"</c> is <c>odd name</c>); null unless an entry.</summary>
    public string? Name => NameText is null ? null : ByteText.ToDisplay(NameText);

    /// <summary>The value as postalias stores it (external form, whitespace normalised: <c>a, b</c>); null unless an entry.</summary>
    public string? Value => ValueText is null ? null : ByteText.ToDisplay(ValueText);

    /// <summary>The typed entry (name and destinations); null unless an entry.</summary>
    public AliasEntry? Entry { get; }

    /// <summary>The problem postalias reports for this line (null when there is none; duplicates are the table's business).</summary>
    public Diagnostic? Diagnostic => Warning?.Diagnostic;

    /// <summary>The exact bytes of the item.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(RawText);

    /// <summary>The item's text (every line with its ending), decoded with <see cref="PostfixText.Decode"/>.</summary>
    public override string ToString() => ByteText.ToDisplay(RawText);

    internal LineGroup Group { get; }

    internal string RawText { get; }

    internal string? NameText { get; }

    internal string? ValueText { get; }

    /// <summary>The start of the value as written, in the logical text.</summary>
    internal int ValueStart { get; }

    /// <summary>The end of the value as written (trailing whitespace excluded), in the logical text.</summary>
    internal int ValueEnd { get; }

    internal TableWarning? Warning { get; }

    string ITableSourceItem.RawText => RawText;
}
