using System.IO.Abstractions;
using Postfix.Config.IO;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;
using Contract = Postfix.Config.IO.SourceDocument<Postfix.Config.Tables.PostmapSource, Postfix.Config.Tables.PostmapSourceOptions>;

namespace Postfix.Config.Tables;

/// <summary>
/// A postmap/texthash source file (the text behind <c>texthash:</c>, <c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>,
/// <c>cdb:</c>, …), read without losing a byte: <see cref="ToBytes"/> gives back the input exactly, whatever it is.
/// Immutable; the edits (<see cref="Set"/>, <see cref="Add"/>, <see cref="Remove"/>) return a new document and keep
/// every other byte. <see cref="ToTable"/> builds the table Postfix would build from it.
/// </summary>
public sealed class PostmapSource : IConfigDocument<PostmapSource, PostmapSourceOptions>, ISourceDocument<PostmapSource, PostmapSourceOptions>
{
    /// <summary>The name diagnostics use for a source parsed from memory when none is given.</summary>
    public const string DefaultSourceName = "table";

    private readonly PostmapSourceItem[] _items;
    private readonly SourceText _source;
    private readonly DocumentOrigin? _origin;

    private PostmapSource(SourceText source, PostmapSourceOptions options, DocumentOrigin? origin)
    {
        _source = source;
        Options = options;
        _origin = origin;
        _items = TableSourceItems.Parse(source, options.Utf8, ParseGroup);
    }

    /// <summary>The name used in diagnostics (the path as given after <c>type:</c>, or the options' source name).</summary>
    public string Name => _source.Name;

    /// <summary>The options the source was read with.</summary>
    public PostmapSourceOptions Options { get; }

    /// <inheritdoc/>
    public string? Path => _origin?.Path;

    /// <inheritdoc/>
    public FileStamp? Stamp => _origin?.Stamp;

    /// <summary>Every item, covering every byte of the file in order.</summary>
    public IReadOnlyList<PostmapSourceItem> Items => _items;

    /// <summary>The entries (items of kind <see cref="PostmapSourceItemKind.Entry"/>), in file order, duplicates included.</summary>
    public IEnumerable<PostmapSourceItem> Entries => _items.Where(i => i.Kind == PostmapSourceItemKind.Entry);

    /// <summary>
    /// The line-level problems Postfix reports while reading the file, in order (duplicate keys are reported by the
    /// table, see <see cref="ToTable"/>). Locations count from the start of the file.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. _items.Where(i => i.Warning is not null).Select(i => i.Warning!.Diagnostic)];

    /// <inheritdoc/>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <inheritdoc/>
    public static PostmapSource Parse(ReadOnlySpan<byte> bytes, PostmapSourceOptions? options = null) => Contract.Parse(bytes, options);

    /// <summary>Parses text: <paramref name="text"/> is encoded with <see cref="PostfixText.Encode(string)"/> and parsed like the bytes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="options">Options; null for the defaults.</param>
    public static PostmapSource Parse(string text, PostmapSourceOptions? options = null) => Contract.Parse(text, options);

    /// <inheritdoc/>
    public static PostmapSource Load(Stream stream, PostmapSourceOptions? options = null) => Contract.Load(stream, options);

    /// <inheritdoc/>
    public static PostmapSource Load(string path, IFileSystem? fileSystem = null, PostmapSourceOptions? options = null) => Contract.Load(path, fileSystem, options);

    /// <inheritdoc/>
    public static Task<PostmapSource> LoadAsync(string path, IFileSystem? fileSystem = null, PostmapSourceOptions? options = null, CancellationToken cancellationToken = default) =>
        Contract.LoadAsync(path, fileSystem, options, cancellationToken);

    /// <inheritdoc/>
    public static PostmapSource Create(PostmapSourceOptions? options = null) => Contract.Create(options);

    /// <inheritdoc/>
    public Task<PostmapSource> SaveAsync(CancellationToken cancellationToken = default) => Contract.SaveAsync(this, null, cancellationToken);

    /// <inheritdoc/>
    public Task<PostmapSource> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default) => Contract.SaveAsync(this, options, cancellationToken);

    /// <inheritdoc/>
    public Task<PostmapSource> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        Contract.SaveAsync(this, path, fileSystem, cancellationToken);

    /// <inheritdoc/>
    public void Save(Stream stream) => Contract.Save(this, stream);

    // How IO/SourceDocument, which holds the contract bodies above once for every document type, builds and reads this one.
    static string ISourceDocument<PostmapSource, PostmapSourceOptions>.DefaultName => DefaultSourceName;
    static PostmapSourceOptions ISourceDocument<PostmapSource, PostmapSourceOptions>.DefaultOptions => new();
    SourceText ISourceDocument<PostmapSource, PostmapSourceOptions>.Source => _source;
    DocumentOrigin? ISourceDocument<PostmapSource, PostmapSourceOptions>.Origin => _origin;
    static PostmapSource ISourceDocument<PostmapSource, PostmapSourceOptions>.Build(SourceText source, PostmapSourceOptions options, DocumentOrigin? origin) => new(source, options, origin);

    /// <summary>The exact bytes of the source.</summary>
    public byte[] ToBytes() => _source.ToArray();

    /// <summary>Builds the lookup table Postfix would build from this source (and then answers like <c>postmap -q</c>).</summary>
    /// <param name="options">Folding, duplicate handling, SMTPUTF8; null for postmap's defaults with this source's <see cref="PostmapSourceOptions.Utf8"/>.</param>
    /// <param name="type">The table type to report (<c>texthash</c>, <c>hash</c>, …).</param>
    public TexthashTable ToTable(LookupTableOptions? options = null, string type = "texthash") =>
        TexthashTable.Build(this, options ?? LookupTableOptions.Default with { Utf8 = Options.Utf8 }, type);

    /// <summary>
    /// The value Postfix finds for <paramref name="key"/>: that of the first entry whose key is the same (after case
    /// folding when <see cref="PostmapSourceOptions.FoldCase"/>), or null. The string round-trips to the exact bytes.
    /// </summary>
    /// <param name="key">The key as written.</param>
    public string? GetValue(string key) => Find(key)?.Value;

    /// <summary>
    /// Sets the value of <paramref name="key"/> (a minimal edit): the first entry with that key keeps its key and
    /// layout and only its value bytes change (an entry continued over several lines is rewritten as one line);
    /// without one, a <c>key value</c> line is appended. Setting a key to the value it has changes no byte.
    /// </summary>
    /// <param name="key">The key, exactly as it should be written (use <see cref="TableKey.QuoteLocalPart"/> for keys with spaces).</param>
    /// <param name="value">The value (no leading or trailing whitespace, no line break or NUL).</param>
    /// <exception cref="ArgumentException">The key or value cannot be written so that Postfix reads it back unchanged.</exception>
    public PostmapSource Set(string key, string value)
    {
        var line = TableKey.FormatEntry(key, value);
        var index = IndexOf(key);
        if (index < 0)
        {
            return WithRawText(TableSourceItems.Append(_source.Text, line));
        }

        var item = _items[index];
        var v = ByteText.FromDisplay(value);
        if (string.Equals(item.ValueText, v, StringComparison.Ordinal))
        {
            return this;
        }

        var group = item.Group;
        PostmapLineParser.Parse(group.Text, false, out _, out _, out var valueStart, out var valueEnd);
        var raw = TableSourceItems.Splice(group, valueStart, valueEnd, v)
            ?? item.KeyText + " " + v + TableSourceItems.LineEnding(item.RawText);
        return WithRawText(TableSourceItems.Replace(_items, index, raw));
    }

    /// <summary>Appends a <c>key value</c> line at the end (ending an unterminated last line first), even when the key is there already.</summary>
    /// <param name="key">The key, exactly as it should be written.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The key or value cannot be written so that Postfix reads it back unchanged.</exception>
    public PostmapSource Add(string key, string value) => WithRawText(TableSourceItems.Append(_source.Text, TableKey.FormatEntry(key, value)));

    /// <summary>Removes every entry whose key is <paramref name="key"/> (folded when <see cref="PostmapSourceOptions.FoldCase"/>), with its lines.</summary>
    /// <param name="key">The key as written.</param>
    public PostmapSource Remove(string key)
    {
        var wanted = NormalKey(ByteText.FromDisplay(key));
        return WithRawText(TableSourceItems.Without(_items, i => EntryKey(i) == wanted));
    }

    /// <summary>The document's text, decoded with <see cref="PostfixText.Decode"/> (no byte is lost; see <see cref="ToBytes"/>).</summary>
    public override string ToString() => ByteText.ToDisplay(_source.Text);

    internal static PostmapSourceItem ParseGroup(string path, LineGroup group, bool utf8)
    {
        switch (group.Kind)
        {
            case LineGroupKind.Blank:
                return new PostmapSourceItem(PostmapSourceItemKind.Blank, group, null, null, null);
            case LineGroupKind.Comment:
                return new PostmapSourceItem(PostmapSourceItemKind.Comment, group, null, null, null);
            case LineGroupKind.Orphan:
                return new PostmapSourceItem(PostmapSourceItemKind.Skipped, group, null, null, PostmapLineParser.OrphanWarning(path, group));
        }

        var text = group.Text;
        var outcome = PostmapLineParser.Parse(text, utf8, out var key, out var value, out _, out _);
        var p = ByteText.FromDisplay(path);
        var line = group.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var at = group.LocationOf(0);
        var whole = group.Source.LocationOf(group.Start, group.End - group.Start);
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
            warning = TableWarning.Create(DiagnosticSeverity.Warning, TableDiagnosticCodes.AliasFormat, s, p + ", line " + line + ": " + s, at with { Length = key.Length });
        }

        return new PostmapSourceItem(PostmapSourceItemKind.Entry, group, key, value, warning);

        PostmapSourceItem Skipped(string code, string s) =>
            new(PostmapSourceItemKind.Skipped, group, null, null,
                TableWarning.Create(DiagnosticSeverity.Warning, code, s, p + ", line " + line + ": " + s, whole));
    }

    private PostmapSourceItem? Find(string key)
    {
        var index = IndexOf(key);
        return index < 0 ? null : _items[index];
    }

    private string NormalKey(string keyText) => Options.FoldCase ? KeyFolding.Fold(keyText, Options.Utf8) : keyText;

    private string? EntryKey(PostmapSourceItem item) =>
        item.Kind == PostmapSourceItemKind.Entry ? NormalKey(item.KeyText!) : null;

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var wanted = NormalKey(ByteText.FromDisplay(key));
        return TableSourceItems.IndexOf(_items, i => EntryKey(i) == wanted);
    }

    private PostmapSource WithRawText(string rawText) =>
        new(SourceText.FromBytes(ByteText.ToBytes(rawText), Name), Options, _origin);
}
