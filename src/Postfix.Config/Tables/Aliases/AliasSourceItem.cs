using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// One item of an aliases file: a blank or comment line, an entry, or a logical line postalias skips. It owns its
/// physical lines byte for byte (continuation lines and the comment or blank lines inside them included).
/// </summary>
public sealed class AliasSourceItem : ITableSourceItem<AliasSourceItem>
{
    internal AliasSourceItem(AliasSourceItemKind kind, int lineNumber, string rawText, string? nameText, string? valueText, AliasEntry? entry, TableWarning? warning)
    {
        Kind = kind;
        LineNumber = lineNumber;
        RawText = rawText;
        NameText = nameText;
        ValueText = valueText;
        Entry = entry;
        Warning = warning;
    }

    /// <summary>What the item holds.</summary>
    public AliasSourceItemKind Kind { get; }

    /// <summary>The 1-based number of the item's first physical line.</summary>
    public int LineNumber { get; }

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

    internal string RawText { get; }

    internal string? NameText { get; }

    internal string? ValueText { get; }

    internal TableWarning? Warning { get; }

    /// <inheritdoc/>
    public override string ToString() => ByteText.ToDisplay(RawText);

    string ITableSourceItem<AliasSourceItem>.RawText => RawText;

    AliasSourceItem ITableSourceItem<AliasSourceItem>.At(int lineNumber, string rawText) =>
        new(Kind, lineNumber, rawText, NameText, ValueText, Entry, Warning);
}
