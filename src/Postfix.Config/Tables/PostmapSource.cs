using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// A postmap/texthash source file (the text behind <c>texthash:</c>, <c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>,
/// <c>cdb:</c>, …), read without losing a byte: <see cref="ToBytes"/> gives back the input exactly, whatever it is.
/// Immutable; edits return a new source.
/// </summary>
public sealed class PostmapSource
{
    private readonly PostmapSourceItem[] _items;

    private PostmapSource(string name, PostmapSourceItem[] items, bool utf8)
    {
        Name = name;
        _items = items;
        Utf8 = utf8;
    }

    /// <summary>The name used in diagnostics (the path as given after <c>type:</c>).</summary>
    public string Name { get; }

    /// <summary>Whether the source was read with SMTPUTF8 active (see <see cref="LookupTableOptions.Utf8"/>).</summary>
    public bool Utf8 { get; }

    /// <summary>Every item, covering every byte of the file in order.</summary>
    public IReadOnlyList<PostmapSourceItem> Items => _items;

    /// <summary>The entries (items of kind <see cref="PostmapSourceItemKind.Entry"/>), in file order, duplicates included.</summary>
    public IEnumerable<PostmapSourceItem> Entries => _items.Where(i => i.Kind == PostmapSourceItemKind.Entry);

    /// <summary>The line-level problems Postfix reports while reading the file, in order (duplicates are reported by the table).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. _items.Where(i => i.Warning is not null).Select(i => i.Warning!.Diagnostic)];

    /// <summary>Parses a source with SMTPUTF8 off (see <see cref="Parse(SourceText, bool)"/>).</summary>
    /// <param name="source">The file's bytes.</param>
    public static PostmapSource Parse(SourceText source) => Parse(source, false);

    /// <summary>Parses a source. Never throws for bad content: Postfix skips bad lines with a warning, and so does this.</summary>
    /// <param name="source">The file's bytes.</param>
    /// <param name="utf8">Whether SMTPUTF8 is active (lines that are not UTF-8 are then skipped).</param>
    public static PostmapSource Parse(SourceText source, bool utf8)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new PostmapSource(source.Name, TableSourceItems.Parse(source, utf8, ParseGroup), utf8);
    }

    /// <summary>Parses a source from bytes.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name for diagnostics.</param>
    /// <param name="utf8">Whether SMTPUTF8 is active.</param>
    public static PostmapSource Parse(ReadOnlySpan<byte> bytes, string name, bool utf8) =>
        Parse(SourceText.FromBytes(bytes, name), utf8);

    /// <summary>The exact bytes of the source.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(TableSourceItems.RawText(_items));

    /// <summary>Builds the lookup table Postfix would build from this source.</summary>
    /// <param name="options">Folding, duplicate handling; null for postmap's defaults.</param>
    /// <param name="type">The table type to report (<c>texthash</c>, <c>hash</c>, …).</param>
    public TexthashTable ToTable(LookupTableOptions? options = null, string type = "texthash") =>
        TexthashTable.Build(this, options ?? LookupTableOptions.Default, type);

    /// <summary>
    /// Sets the value of <paramref name="key"/>: the first entry whose key folds to the same key is rewritten as
    /// <c>key value</c> (keeping its line ending); without one, a new line is appended. Other lines keep their bytes.
    /// </summary>
    /// <param name="key">The key, exactly as it should be written (use <see cref="TableKey.QuoteLocalPart"/> for keys with spaces).</param>
    /// <param name="value">The value (no leading or trailing whitespace, no line breaks).</param>
    /// <param name="foldCase">Whether keys that differ only in case are the same key (the default for these tables).</param>
    public PostmapSource SetValue(string key, string value, bool foldCase = true)
    {
        var line = TableKey.FormatEntry(key, value);
        var index = IndexOf(key, foldCase);
        if (index < 0)
        {
            return Append(line);
        }

        return new PostmapSource(Name, TableSourceItems.Replace(_items, index, line, ParseItem), Utf8);
    }

    /// <summary>Appends a <c>key value</c> line at the end (adding a newline to an unterminated last line first).</summary>
    /// <param name="key">The key, exactly as it should be written.</param>
    /// <param name="value">The value.</param>
    public PostmapSource Add(string key, string value) => Append(TableKey.FormatEntry(key, value));

    /// <summary>Removes every entry whose key is <paramref name="key"/> (folded as Postfix would when <paramref name="foldCase"/>).</summary>
    /// <param name="key">The key as written.</param>
    /// <param name="foldCase">Whether keys that differ only in case are the same key.</param>
    public PostmapSource Remove(string key, bool foldCase = true)
    {
        var wanted = NormalKey(ByteText.FromDisplay(key), foldCase);
        return new PostmapSource(Name, TableSourceItems.Without(_items, i => EntryKey(i, foldCase), wanted), Utf8);
    }

    /// <inheritdoc/>
    public override string ToString() => ByteText.ToDisplay(TableSourceItems.RawText(_items));

    internal static PostmapSourceItem ParseGroup(string path, LineGroup group, bool utf8)
    {
        var raw = group.RawText;
        switch (group.Kind)
        {
            case LineGroupKind.Blank:
                return new PostmapSourceItem(PostmapSourceItemKind.Blank, group.LineNumber, raw, null, null, null);
            case LineGroupKind.Comment:
                return new PostmapSourceItem(PostmapSourceItemKind.Comment, group.LineNumber, raw, null, null, null);
            case LineGroupKind.Orphan:
                return new PostmapSourceItem(PostmapSourceItemKind.Skipped, group.LineNumber, raw, null, null, PostmapLineParser.OrphanWarning(path, group));
        }

        var text = group.Text;
        var outcome = PostmapLineParser.Parse(text, utf8, out var key, out var value);
        var p = ByteText.FromDisplay(path);
        var line = group.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var at = group.LocationOf(0);
        switch (outcome)
        {
            case PostmapLineParser.Outcome.NonUtf8:
                {
                    var s = "non-UTF-8 input \"" + PostmapLineParser.CString(text) + "\" -- ignoring this line";
                    return Skipped(TableDiagnosticCodes.NonUtf8Input, s);
                }

            case PostmapLineParser.Outcome.Unbalanced:
                {
                    var s = "unbalanced '\"' in '" + PostmapLineParser.CString(text) + "' -- ignoring this line";
                    return Skipped(TableDiagnosticCodes.UnbalancedQuote, s);
                }

            case PostmapLineParser.Outcome.Expected:
                return Skipped(TableDiagnosticCodes.ExpectedKeyValue, "expected format: key whitespace value -- ignoring this line");
        }

        TableWarning? warning = null;
        if (key[^1] == ':')
        {
            const string s = "record is in \"key: value\" format; is this an alias file?";
            warning = TableWarning.Create(DiagnosticSeverity.Warning, TableDiagnosticCodes.AliasFormat, s, p + ", line " + line + ": " + s, at);
        }

        return new PostmapSourceItem(PostmapSourceItemKind.Entry, group.LineNumber, raw, key, value, warning);

        PostmapSourceItem Skipped(string code, string s) =>
            new(PostmapSourceItemKind.Skipped, group.LineNumber, raw, null, null,
                TableWarning.Create(DiagnosticSeverity.Warning, code, s, p + ", line " + line + ": " + s, at));
    }

    private string NormalKey(string keyText, bool foldCase) => foldCase ? KeyFolding.Fold(keyText, Utf8) : keyText;

    private string? EntryKey(PostmapSourceItem item, bool foldCase) =>
        item.Kind == PostmapSourceItemKind.Entry ? NormalKey(item.KeyText!, foldCase) : null;

    private int IndexOf(string key, bool foldCase) =>
        TableSourceItems.IndexOf(_items, i => EntryKey(i, foldCase), NormalKey(ByteText.FromDisplay(key), foldCase));

    private PostmapSource Append(string lineByteText) =>
        new(Name, TableSourceItems.Append(_items, lineByteText + "\n", ParseItem), Utf8);

    private PostmapSourceItem ParseItem(string raw, int lineNumber) =>
        TableSourceItems.ParseLine(raw, lineNumber, Name, Utf8, ParseGroup);
}
