using System.Globalization;
using System.IO.Abstractions;
using Postfix.Config.IO;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;
using Contract = Postfix.Config.IO.SourceDocument<Postfix.Config.Tables.Aliases.AliasSource, Postfix.Config.Tables.Aliases.AliasSourceOptions>;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// An aliases file (aliases(5), the source postalias builds <c>hash:/etc/aliases</c> from), read without losing a
/// byte: <see cref="ToBytes"/> gives back the input exactly, whatever it is. Each logical line is tokenised like
/// postalias 3.7 does (RFC 822 tokens, so <c>"odd name":</c> and quoted commands work), the name is kept in internal
/// form and the value in postalias's normalised external form. Immutable; the edits (<see cref="Set(string, string)"/>,
/// <see cref="Add(string, string)"/>, <see cref="Remove"/>) return a new document and keep every other byte.
/// </summary>
public sealed class AliasSource : IConfigDocument<AliasSource, AliasSourceOptions>, ISourceDocument<AliasSource, AliasSourceOptions>
{
    /// <summary>The name diagnostics use for a source parsed from memory when none is given.</summary>
    public const string DefaultSourceName = "aliases";

    private readonly AliasSourceItem[] _items;
    private readonly SourceText _source;
    private readonly DocumentOrigin? _origin;

    private AliasSource(SourceText source, AliasSourceOptions options, DocumentOrigin? origin)
    {
        _source = source;
        Options = options;
        _origin = origin;
        _items = TableSourceItems.Parse(source, options.Utf8, ParseGroup);
    }

    /// <summary>The name used in diagnostics (the path as given to postalias, without <c>type:</c>).</summary>
    public string Name => _source.Name;

    /// <summary>The options the source was read with.</summary>
    public AliasSourceOptions Options { get; }

    /// <inheritdoc/>
    public string? Path => _origin?.Path;

    /// <inheritdoc/>
    public FileStamp? Stamp => _origin?.Stamp;

    /// <summary>Every item, covering every byte of the file in order.</summary>
    public IReadOnlyList<AliasSourceItem> Items => _items;

    /// <summary>The entries, in file order, duplicates included.</summary>
    public IEnumerable<AliasSourceItem> Entries => _items.Where(i => i.Kind == AliasSourceItemKind.Entry);

    /// <summary>
    /// The line-level problems postalias reports while reading the file, in order (duplicates are reported by the
    /// table, see <see cref="ToTable"/>). Locations count from the start of the file.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. _items.Where(i => i.Warning is not null).Select(i => i.Warning!.Diagnostic)];

    /// <inheritdoc/>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <inheritdoc/>
    public static AliasSource Parse(ReadOnlySpan<byte> bytes, AliasSourceOptions? options = null) => Contract.Parse(bytes, options);

    /// <summary>Parses text: <paramref name="text"/> is encoded with <see cref="PostfixText.Encode(string)"/> and parsed like the bytes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="options">Options; null for the defaults.</param>
    public static AliasSource Parse(string text, AliasSourceOptions? options = null) => Contract.Parse(text, options);

    /// <inheritdoc/>
    public static AliasSource Load(Stream stream, AliasSourceOptions? options = null) => Contract.Load(stream, options);

    /// <inheritdoc/>
    public static AliasSource Load(string path, IFileSystem? fileSystem = null, AliasSourceOptions? options = null) => Contract.Load(path, fileSystem, options);

    /// <inheritdoc/>
    public static Task<AliasSource> LoadAsync(string path, IFileSystem? fileSystem = null, AliasSourceOptions? options = null, CancellationToken cancellationToken = default) =>
        Contract.LoadAsync(path, fileSystem, options, cancellationToken);

    /// <inheritdoc/>
    public static AliasSource Create(AliasSourceOptions? options = null) => Contract.Create(options);

    /// <inheritdoc/>
    public Task<AliasSource> SaveAsync(CancellationToken cancellationToken = default) => Contract.SaveAsync(this, null, cancellationToken);

    /// <inheritdoc/>
    public Task<AliasSource> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default) => Contract.SaveAsync(this, options, cancellationToken);

    /// <inheritdoc/>
    public Task<AliasSource> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        Contract.SaveAsync(this, path, fileSystem, cancellationToken);

    /// <inheritdoc/>
    public void Save(Stream stream) => Contract.Save(this, stream);

    // How IO/SourceDocument, which holds the contract bodies above once for every document type, builds and reads this one.
    static string ISourceDocument<AliasSource, AliasSourceOptions>.DefaultName => DefaultSourceName;
    static AliasSourceOptions ISourceDocument<AliasSource, AliasSourceOptions>.DefaultOptions => new();
    SourceText ISourceDocument<AliasSource, AliasSourceOptions>.Source => _source;
    DocumentOrigin? ISourceDocument<AliasSource, AliasSourceOptions>.Origin => _origin;
    static AliasSource ISourceDocument<AliasSource, AliasSourceOptions>.Build(SourceText source, AliasSourceOptions options, DocumentOrigin? origin) => new(source, options, origin);

    /// <summary>The exact bytes of the source.</summary>
    public byte[] ToBytes() => _source.ToArray();

    /// <summary>Builds the table postalias would build from this file (and then answers like <c>postalias -q</c>).</summary>
    /// <param name="options">Folding, duplicates, NUL termination; null for postalias's defaults with this source's <see cref="AliasSourceOptions.Utf8"/>.</param>
    /// <param name="type">The database type to report (<c>hash</c>, <c>btree</c>, …).</param>
    public AliasTable ToTable(LookupTableOptions? options = null, string type = "hash") =>
        AliasTable.Build(this, options ?? LookupTableOptions.Default with { Utf8 = Options.Utf8 }, type);

    /// <summary>
    /// The value postalias stores for <paramref name="name"/>: that of the first entry with the same name (after case
    /// folding when <see cref="AliasSourceOptions.FoldCase"/>), in postalias's external form, or null. The string
    /// round-trips to the exact bytes.
    /// </summary>
    /// <param name="name">The alias name (internal form).</param>
    public string? GetValue(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _items[index].Value;
    }

    /// <summary>
    /// Sets the value of alias <paramref name="name"/> (a minimal edit): the first entry of that name keeps its name and
    /// layout and only the value bytes change (an entry continued over several lines is rewritten as one line);
    /// without one, a <c>name: value</c> line is appended. Setting an alias to the value it has changes no byte.
    /// </summary>
    /// <param name="name">The alias name (internal form; it is quoted as needed on a new line).</param>
    /// <param name="value">The value as it should be written, such as <c>root, "|/usr/bin/cmd"</c>.</param>
    /// <exception cref="ArgumentException">postalias would not read the line back as an alias of that name.</exception>
    public AliasSource Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = IndexOf(name);
        if (index < 0)
        {
            return Add(name, value);
        }

        var item = _items[index];
        if (string.Equals(item.ValueText, ByteText.FromDisplay(value), StringComparison.Ordinal))
        {
            return this;
        }

        var v = CheckValue(value);

        var raw = TableSourceItems.Splice(item.Group, item.ValueStart, item.ValueEnd, v)
            ?? AliasEntry.WriteName(item.NameText!) + ": " + v + TableSourceItems.LineEnding(item.RawText);
        return Checked(TableSourceItems.Replace(_items, index, raw), name);
    }

    /// <summary>Sets an alias from a typed entry (see <see cref="Set(string, string)"/>).</summary>
    /// <param name="entry">The alias.</param>
    public AliasSource Set(AliasEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Set(entry.Name, entry.ToString());
    }

    /// <summary>Appends a <c>name: value</c> line at the end (ending an unterminated last line first), even when the name is there already.</summary>
    /// <param name="name">The alias name (internal form; quoted as needed).</param>
    /// <param name="value">The value as it should be written.</param>
    /// <exception cref="ArgumentException">postalias would not read the line back as an alias of that name.</exception>
    public AliasSource Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var v = CheckValue(value);
        var n = ByteText.FromDisplay(name);
        if (n.Any(c => c is '\0' or '\t' or '\r' or '\n'))
        {
            throw new ArgumentException("an alias name must not hold a NUL, tab or line break (postalias turns them into spaces)", nameof(name));
        }

        return Checked(TableSourceItems.Append(_source.Text, AliasEntry.WriteName(n) + ": " + v), name);
    }

    /// <summary>Appends a typed alias (see <see cref="Add(string, string)"/>).</summary>
    /// <param name="entry">The alias.</param>
    public AliasSource Add(AliasEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Add(entry.Name, entry.ToString());
    }

    /// <summary>Removes every entry of <paramref name="name"/> (compared after case folding when <see cref="AliasSourceOptions.FoldCase"/>), with its lines.</summary>
    /// <param name="name">The alias name (internal form).</param>
    public AliasSource Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = Fold(ByteText.FromDisplay(name));
        return WithRawText(TableSourceItems.Without(_items, i => EntryKey(i) == wanted));
    }

    /// <summary>The document's text, decoded with <see cref="PostfixText.Decode"/> (no byte is lost; see <see cref="ToBytes"/>).</summary>
    public override string ToString() => ByteText.ToDisplay(_source.Text);

    internal static AliasSourceItem ParseGroup(string path, LineGroup group, bool utf8)
    {
        switch (group.Kind)
        {
            case LineGroupKind.Blank:
                return new AliasSourceItem(AliasSourceItemKind.Blank, group, null, null, null, null);
            case LineGroupKind.Comment:
                return new AliasSourceItem(AliasSourceItemKind.Comment, group, null, null, null, null);
            case LineGroupKind.Orphan:
                return new AliasSourceItem(AliasSourceItemKind.Skipped, group, null, null, null, PostmapLineParser.OrphanWarning(path, group));
        }

        var text = group.Text;
        var p = ByteText.FromDisplay(path) + ", line " + group.LineNumber.ToString(CultureInfo.InvariantCulture) + ": ";
        var cString = PostmapLineParser.CString(text);
        if (utf8 && !Utf8Check.IsAscii(cString) && !Utf8Check.IsValid(text))
        {
            return Skipped(TableDiagnosticCodes.NonUtf8Input, "non-UTF-8 input \"" + cString + "\" -- ignoring this line", 0, cString.Length);
        }

        var tokens = Rfc822Tokenizer.Scan(text);
        if (tokens.Count == 0)
        {
            return new AliasSourceItem(AliasSourceItemKind.Skipped, group, null, null, null, null);
        }

        var colon = tokens.FindIndex(t => t.Type == ':');
        if (colon <= 0 || colon == tokens.Count - 1 || tokens.FindIndex(0, colon, t => t.Type == ',') >= 0)
        {
            var at = colon < 0 ? 0 : tokens.FindIndex(0, colon, t => t.Type == ',') is var comma and >= 0 ? tokens[comma].Start : tokens[colon].Start;
            return Skipped(TableDiagnosticCodes.AliasNeedNameValue, "need name:value pair", at, 1);
        }

        var domain = tokens.FindLastIndex(colon, t => t.Type is '@' or '%');
        if (domain >= 0)
        {
            return Skipped(TableDiagnosticCodes.AliasNotLocal, "name must be local", tokens[domain].Start, 1);
        }

        var nameText = Rfc822Tokenizer.Internalize(tokens, 0, colon);
        var valueText = Rfc822Tokenizer.Externalize(tokens, colon + 1, tokens.Count);
        var entry = AliasEntry.FromTokens(nameText, tokens, colon + 1);
        var valueStart = tokens[colon + 1].Start;
        var valueEnd = cString.Length;
        while (valueEnd > valueStart && PostfixChars.IsSpace(cString[valueEnd - 1]))
        {
            valueEnd--;
        }

        return new AliasSourceItem(AliasSourceItemKind.Entry, group, nameText, valueText, entry, null, valueStart, valueEnd);

        AliasSourceItem Skipped(string code, string s, int offset, int length) =>
            new(AliasSourceItemKind.Skipped, group, null, null, null,
                TableWarning.Create(DiagnosticSeverity.Warning, code, s, p + s, group.LocationOf(offset) with { Length = length }));
    }

    private static string CheckValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = ByteText.FromDisplay(value);
        if (v.All(PostfixChars.IsSpace) || v.Contains('\n', StringComparison.Ordinal) || v.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An alias value must not be empty or blank, or hold a line break or NUL.", nameof(value));
        }

        return v;
    }

    private string Fold(string nameText) => Options.FoldCase ? KeyFolding.Fold(nameText, Options.Utf8) : nameText;

    private string? EntryKey(AliasSourceItem item) =>
        item.Kind == AliasSourceItemKind.Entry ? Fold(item.NameText!) : null;

    private int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = Fold(ByteText.FromDisplay(name));
        return TableSourceItems.IndexOf(_items, i => EntryKey(i) == wanted);
    }

    /// <summary>The edited document, after checking that postalias reads an alias <paramref name="name"/> in it.</summary>
    private AliasSource Checked(string rawText, string name)
    {
        var result = WithRawText(rawText);
        return result.IndexOf(name) >= 0 ? result : throw new ArgumentException($"postalias would not read the line back as an alias named '{name}'.", nameof(name));
    }

    private AliasSource WithRawText(string rawText) =>
        new(SourceText.FromBytes(ByteText.ToBytes(rawText), Name), Options, _origin);
}
