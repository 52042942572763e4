using System.Globalization;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// An aliases file (aliases(5), the source postalias builds <c>hash:/etc/aliases</c> from), read without losing a
/// byte: <see cref="ToBytes"/> gives back the input exactly, whatever it is. Each logical line is tokenised like
/// postalias 3.7 does (RFC 822 tokens, so <c>"odd name":</c> and quoted commands work), the name is kept in internal
/// form and the value in postalias's normalised external form. Immutable; edits return a new source.
/// </summary>
public sealed class AliasSource
{
    private readonly AliasSourceItem[] _items;

    private AliasSource(string name, AliasSourceItem[] items, bool utf8)
    {
        Name = name;
        _items = items;
        Utf8 = utf8;
    }

    /// <summary>The name used in diagnostics (the path as given to postalias, without <c>type:</c>).</summary>
    public string Name { get; }

    /// <summary>Whether the source was read with SMTPUTF8 active (lines that are not UTF-8 are then skipped).</summary>
    public bool Utf8 { get; }

    /// <summary>Every item, covering every byte of the file in order.</summary>
    public IReadOnlyList<AliasSourceItem> Items => _items;

    /// <summary>The entries, in file order, duplicates included.</summary>
    public IEnumerable<AliasSourceItem> Entries => _items.Where(i => i.Kind == AliasSourceItemKind.Entry);

    /// <summary>The line-level problems postalias reports while reading the file, in order (duplicates are reported by the table).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. _items.Where(i => i.Warning is not null).Select(i => i.Warning!.Diagnostic)];

    /// <summary>Parses an aliases file. Never throws for bad content: postalias skips bad lines with a warning, and so does this.</summary>
    /// <param name="source">The file's bytes.</param>
    /// <param name="utf8">Whether SMTPUTF8 is active.</param>
    public static AliasSource Parse(SourceText source, bool utf8)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new AliasSource(source.Name, TableSourceItems.Parse(source, utf8, ParseGroup), utf8);
    }

    /// <summary>Parses an aliases file from bytes.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name for diagnostics (postalias uses the path as given).</param>
    /// <param name="utf8">Whether SMTPUTF8 is active.</param>
    public static AliasSource Parse(ReadOnlySpan<byte> bytes, string name, bool utf8) =>
        Parse(SourceText.FromBytes(bytes, name), utf8);

    /// <summary>The exact bytes of the source.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(TableSourceItems.RawText(_items));

    /// <summary>Builds the table postalias would build from this file (and then answers like <c>postalias -q</c>).</summary>
    /// <param name="options">Folding, duplicates, NUL termination; null for postalias's defaults.</param>
    /// <param name="type">The database type to report (<c>hash</c>, <c>btree</c>, …).</param>
    public AliasTable ToTable(LookupTableOptions? options = null, string type = "hash") =>
        AliasTable.Build(this, options ?? LookupTableOptions.Default with { Utf8 = Utf8 }, type);

    /// <summary>
    /// Sets an alias: the first entry whose name folds to the same name is rewritten (keeping its line ending); without
    /// one, a line is appended. Other lines keep their bytes.
    /// </summary>
    /// <param name="entry">The alias.</param>
    public AliasSource Set(AliasEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var index = TableSourceItems.IndexOf(_items, EntryKey, Fold(entry.Name));
        return index < 0 ? Add(entry) : new AliasSource(Name, TableSourceItems.Replace(_items, index, ByteText.FromDisplay(entry.ToString()), ParseItem), Utf8);
    }

    /// <summary>Appends an alias line at the end (adding a newline to an unterminated last line first).</summary>
    /// <param name="entry">The alias.</param>
    public AliasSource Add(AliasEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = ByteText.FromDisplay(entry.ToString()) + TableSourceItems.FileLineEnding(_items);
        return new AliasSource(Name, TableSourceItems.Append(_items, line, ParseItem), Utf8);
    }

    /// <summary>Removes every entry of <paramref name="name"/> (compared after Postfix's case folding).</summary>
    /// <param name="name">The alias name (internal form).</param>
    public AliasSource Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new AliasSource(Name, TableSourceItems.Without(_items, EntryKey, Fold(name)), Utf8);
    }

    /// <inheritdoc/>
    public override string ToString() => ByteText.ToDisplay(TableSourceItems.RawText(_items));

    internal static AliasSourceItem ParseGroup(string path, LineGroup group, bool utf8)
    {
        var raw = group.RawText;
        switch (group.Kind)
        {
            case LineGroupKind.Blank:
                return new AliasSourceItem(AliasSourceItemKind.Blank, group.LineNumber, raw, null, null, null, null);
            case LineGroupKind.Comment:
                return new AliasSourceItem(AliasSourceItemKind.Comment, group.LineNumber, raw, null, null, null, null);
            case LineGroupKind.Orphan:
                return new AliasSourceItem(AliasSourceItemKind.Skipped, group.LineNumber, raw, null, null, null, PostmapLineParser.OrphanWarning(path, group));
        }

        var text = group.Text;
        var p = ByteText.FromDisplay(path) + ", line " + group.LineNumber.ToString(CultureInfo.InvariantCulture) + ": ";
        var cString = PostmapLineParser.CString(text);
        if (utf8 && !Utf8Check.IsAscii(cString) && !Utf8Check.IsValid(text))
        {
            return Skipped(TableDiagnosticCodes.NonUtf8Input, "non-UTF-8 input \"" + cString + "\" -- ignoring this line", 0);
        }

        var tokens = Rfc822Tokenizer.Scan(text);
        if (tokens.Count == 0)
        {
            return new AliasSourceItem(AliasSourceItemKind.Skipped, group.LineNumber, raw, null, null, null, null);
        }

        var colon = tokens.FindIndex(t => t.Type == ':');
        if (colon <= 0 || colon == tokens.Count - 1 || tokens.FindIndex(0, colon, t => t.Type == ',') >= 0)
        {
            var at = colon < 0 ? 0 : tokens.FindIndex(0, colon, t => t.Type == ',') is var comma and >= 0 ? tokens[comma].Start : tokens[colon].Start;
            return Skipped(TableDiagnosticCodes.AliasNeedNameValue, "need name:value pair", at);
        }

        var domain = tokens.FindLastIndex(colon, t => t.Type is '@' or '%');
        if (domain >= 0)
        {
            return Skipped(TableDiagnosticCodes.AliasNotLocal, "name must be local", tokens[domain].Start);
        }

        var nameText = Rfc822Tokenizer.Internalize(tokens, 0, colon);
        var valueText = Rfc822Tokenizer.Externalize(tokens, colon + 1, tokens.Count);
        var entry = AliasEntry.FromTokens(nameText, tokens, colon + 1);
        return new AliasSourceItem(AliasSourceItemKind.Entry, group.LineNumber, raw, nameText, valueText, entry, null);

        AliasSourceItem Skipped(string code, string s, int offset) =>
            new(AliasSourceItemKind.Skipped, group.LineNumber, raw, null, null, null,
                TableWarning.Create(DiagnosticSeverity.Warning, code, s, p + s, group.LocationOf(offset)));
    }

    private string Fold(string name) => KeyFolding.Fold(ByteText.FromDisplay(name), Utf8);

    private string? EntryKey(AliasSourceItem item) =>
        item.Kind == AliasSourceItemKind.Entry ? KeyFolding.Fold(item.NameText!, Utf8) : null;

    private AliasSourceItem ParseItem(string raw, int lineNumber) =>
        TableSourceItems.ParseLine(raw, lineNumber, Name, Utf8, ParseGroup);
}
