using System.Text;
using Postfix.Config.IO;
using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// A main.cf file as an immutable, lossless list of entries. Writing a document that was not edited gives back the
/// exact bytes it was read from, for every input. Edits return a new document and change only the bytes of the
/// entries they target (the postconf-compatible edits also normalise those entries exactly as <c>postconf</c> does).
/// </summary>
public sealed partial class MainCfDocument
{
    /// <summary>The name diagnostics use when none is given.</summary>
    public const string DefaultSourceName = "main.cf";

    private readonly SourceText _source;
    private readonly Dictionary<string, MainCfParameter> _last;
    private readonly Dictionary<Diagnostic, string> _rawMessages;

    private MainCfDocument(SourceText source, string? filePath, FileStamp? stamp)
    {
        _source = source;
        FilePath = filePath;
        Stamp = stamp;
        var (entries, diagnostics, rawMessages) = MainCfParser.Parse(source);
        _rawMessages = rawMessages;
        Entries = entries;
        Diagnostics = diagnostics;
        _last = new Dictionary<string, MainCfParameter>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry is MainCfParameter p)
            {
                _last[p.RawName] = p;
            }
        }
    }

    /// <summary>The name used in diagnostics (a file name or path).</summary>
    public string SourceName => _source.Name;

    /// <summary>The path the document was loaded from, or null when it was parsed from memory.</summary>
    public string? FilePath { get; }

    /// <summary>What the file looked like when it was loaded (used to refuse overwriting a file changed since), or null.</summary>
    public FileStamp? Stamp { get; }

    /// <summary>Every entry, in file order; together they hold every byte of the file once.</summary>
    public IReadOnlyList<MainCfEntry> Entries { get; }

    /// <summary>Every problem found, in file order: errors for what is fatal in Postfix, warnings for what Postfix warns about.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error (Postfix would refuse to start with this file).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Every parameter definition in file order (duplicates included).</summary>
    public IEnumerable<MainCfParameter> Definitions => Entries.OfType<MainCfParameter>();

    /// <summary>The names that have a definition, each once, in the order of their first definition.</summary>
    public IEnumerable<string> Names => Definitions.Select(p => p.Name).Distinct(StringComparer.Ordinal);

    /// <summary>The size of the file in bytes.</summary>
    public int Length => _source.Length;

    /// <summary>The exact bytes as byte text.</summary>
    internal string RawText => _source.Text;

    /// <summary>The source, for editors in this library.</summary>
    internal SourceText Source => _source;

    /// <summary>Reads main.cf bytes. Never throws for bad content: problems are in <see cref="Diagnostics"/>.</summary>
    /// <param name="bytes">The file's bytes.</param>
    public static MainCfDocument Read(ReadOnlySpan<byte> bytes) => Read(bytes, DefaultSourceName);

    /// <summary>Reads main.cf bytes. Never throws for bad content: problems are in <see cref="Diagnostics"/>.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="sourceName">The name for diagnostics.</param>
    public static MainCfDocument Read(ReadOnlySpan<byte> bytes, string sourceName) =>
        new(SourceText.FromBytes(bytes, sourceName), null, null);

    /// <summary>Reads main.cf text (encoded as UTF-8). Never throws for bad content.</summary>
    /// <param name="text">The file's text.</param>
    public static MainCfDocument Read(string text) => Read(text, DefaultSourceName);

    /// <summary>Reads main.cf text (encoded as UTF-8). Never throws for bad content.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourceName">The name for diagnostics.</param>
    public static MainCfDocument Read(string text, string sourceName) =>
        new(SourceText.FromString(text, sourceName), null, null);

    /// <summary>Reads main.cf from a stream, to its end. Never throws for bad content.</summary>
    /// <param name="stream">The stream.</param>
    public static MainCfDocument Read(Stream stream) => Read(stream, DefaultSourceName);

    /// <summary>Reads main.cf from a stream, to its end. Never throws for bad content.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="sourceName">The name for diagnostics.</param>
    public static MainCfDocument Read(Stream stream, string sourceName) =>
        new(SourceText.FromStream(stream, sourceName), null, null);

    /// <summary>Parses main.cf bytes; throws when Postfix would refuse the file.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <exception cref="ConfigFormatException">The file has errors (fatal in Postfix).</exception>
    public static MainCfDocument Parse(ReadOnlySpan<byte> bytes) => ThrowOnErrors(Read(bytes));

    /// <summary>Parses main.cf bytes; throws when Postfix would refuse the file.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="sourceName">The name for diagnostics.</param>
    /// <exception cref="ConfigFormatException">The file has errors (fatal in Postfix).</exception>
    public static MainCfDocument Parse(ReadOnlySpan<byte> bytes, string sourceName) => ThrowOnErrors(Read(bytes, sourceName));

    /// <summary>Parses main.cf text (encoded as UTF-8); throws when Postfix would refuse the file.</summary>
    /// <param name="text">The file's text.</param>
    /// <exception cref="ConfigFormatException">The file has errors (fatal in Postfix).</exception>
    public static MainCfDocument Parse(string text) => ThrowOnErrors(Read(text));

    /// <summary>Parses main.cf text (encoded as UTF-8); throws when Postfix would refuse the file.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourceName">The name for diagnostics.</param>
    /// <exception cref="ConfigFormatException">The file has errors (fatal in Postfix).</exception>
    public static MainCfDocument Parse(string text, string sourceName) => ThrowOnErrors(Read(text, sourceName));

    /// <summary>Parses main.cf from a stream; throws when Postfix would refuse the file.</summary>
    /// <param name="stream">The stream.</param>
    /// <exception cref="ConfigFormatException">The file has errors (fatal in Postfix).</exception>
    public static MainCfDocument Parse(Stream stream) => ThrowOnErrors(Read(stream));

    /// <summary>Parses main.cf from a stream; throws when Postfix would refuse the file.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="sourceName">The name for diagnostics.</param>
    /// <exception cref="ConfigFormatException">The file has errors (fatal in Postfix).</exception>
    public static MainCfDocument Parse(Stream stream, string sourceName) => ThrowOnErrors(Read(stream, sourceName));

    /// <summary>
    /// Parses main.cf bytes without throwing. Returns false when the file has errors; <paramref name="document"/> is
    /// set either way (with the problems in <see cref="Diagnostics"/>).
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="document">The document.</param>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out MainCfDocument document)
    {
        document = Read(bytes);
        return !document.HasErrors;
    }

    /// <summary>Parses main.cf text without throwing (see <see cref="TryParse(ReadOnlySpan{byte}, out MainCfDocument)"/>).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="document">The document.</param>
    public static bool TryParse(string text, out MainCfDocument document)
    {
        document = Read(text);
        return !document.HasErrors;
    }

    /// <summary>Parses main.cf from a stream without throwing (see <see cref="TryParse(ReadOnlySpan{byte}, out MainCfDocument)"/>).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="document">The document.</param>
    public static bool TryParse(Stream stream, out MainCfDocument document)
    {
        document = Read(stream);
        return !document.HasErrors;
    }

    /// <summary>
    /// Loads a main.cf file through <paramref name="store"/> (the real file system when null). Bad content does not
    /// throw: check <see cref="HasErrors"/> and <see cref="Diagnostics"/>. Diagnostics name the file by
    /// <paramref name="path"/>.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="store">The file store (and file system) to use.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<MainCfDocument> LoadAsync(string path, ConfigFileStore? store = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        store ??= new ConfigFileStore();
        var loaded = await store.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return new MainCfDocument(SourceText.FromBytes(loaded.Content.Span, path), path, loaded.Stamp);
    }

    /// <summary>Loads a main.cf file synchronously (see <see cref="LoadAsync"/>).</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="store">The file store (and file system) to use.</param>
    public static MainCfDocument Load(string path, ConfigFileStore? store = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        store ??= new ConfigFileStore();
        var loaded = store.Load(path);
        return new MainCfDocument(SourceText.FromBytes(loaded.Content.Span, path), path, loaded.Stamp);
    }

    /// <summary>
    /// Saves the document atomically (temporary file, flush, rename), keeping the file's mode and owner. Saving to the
    /// file it was loaded from is refused with <see cref="FileChangedException"/> when that file changed since it was
    /// loaded, unless <see cref="SaveOptions.Force"/> is set. Returns the document stamped as saved.
    /// </summary>
    /// <param name="path">Where to save; null for the path it was loaded from.</param>
    /// <param name="store">The file store (and file system) to use.</param>
    /// <param name="options">Backup and overwrite options.</param>
    /// <param name="cancellationToken">Cancels the save before the rename.</param>
    public async Task<MainCfDocument> SaveAsync(
        string? path = null,
        ConfigFileStore? store = null,
        SaveOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        path ??= FilePath ?? throw new InvalidOperationException("The document was not loaded from a file; give a path to save it to.");
        store ??= new ConfigFileStore();
        var expected = string.Equals(path, FilePath, StringComparison.Ordinal) ? Stamp : null;
        var stamp = await store.SaveAsync(path, _source.Bytes, expected, options, cancellationToken).ConfigureAwait(false);
        return new MainCfDocument(SourceText.FromBytes(_source.Bytes.Span, path), path, stamp);
    }

    /// <summary>The exact bytes of the document.</summary>
    public byte[] ToBytes() => _source.ToArray();

    /// <summary>Writes the exact bytes of the document to <paramref name="stream"/>.</summary>
    /// <param name="stream">The destination.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(_source.Bytes.Span);
    }

    /// <summary>The document's text (UTF-8 decoded when valid, otherwise one char per byte; see <see cref="ToBytes"/>).</summary>
    public override string ToString() => ByteText.ToDisplay(_source.Text);

    /// <summary>Whether <paramref name="name"/> has a definition (an empty value counts: it is not the same as absent).</summary>
    /// <param name="name">The parameter name (case-sensitive).</param>
    public bool Contains(string name) => Find(name) is not null;

    /// <summary>The definition that counts for <paramref name="name"/> (the last one), or null when absent.</summary>
    /// <param name="name">The parameter name (case-sensitive).</param>
    public MainCfParameter? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _last.GetValueOrDefault(ByteText.FromDisplay(name));
    }

    /// <summary>
    /// The raw (unexpanded) value of <paramref name="name"/>: the last definition's value, <c>""</c> for
    /// <c>name =</c>, or null when main.cf does not define it (then Postfix uses the default).
    /// </summary>
    /// <param name="name">The parameter name (case-sensitive).</param>
    public string? GetValue(string name) => Find(name)?.Value;

    /// <summary>Every defined name with its raw value (the last definition wins), as Postfix's parameter dictionary holds them.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Definitions)
        {
            result[p.Name] = p.Value;
        }

        return result;
    }

    /// <summary>A diagnostic's message as byte text (exact bytes, where <see cref="Diagnostic.Message"/> is decoded for display).</summary>
    internal string RawMessage(Diagnostic diagnostic) =>
        _rawMessages.TryGetValue(diagnostic, out var raw) ? raw : ByteText.FromDisplay(diagnostic.Message);

    /// <summary>A new document with the same name and file origin over new bytes.</summary>
    internal MainCfDocument WithRawText(string rawText) =>
        new(SourceText.FromBytes(ByteText.ToBytes(rawText), _source.Name), FilePath, Stamp);

    /// <summary>Builds a document over byte text (for editors).</summary>
    internal static MainCfDocument FromRawText(string rawText, string sourceName) =>
        new(SourceText.FromBytes(ByteText.ToBytes(rawText), sourceName), null, null);

    private static MainCfDocument ThrowOnErrors(MainCfDocument document) =>
        document.HasErrors ? throw new ConfigFormatException(document.Diagnostics) : document;

    /// <summary>Joins entry texts (for tests and tools that rebuild a document from entries).</summary>
    internal static string Concat(IEnumerable<MainCfEntry> entries)
    {
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            sb.Append(e.Raw);
        }

        return sb.ToString();
    }
}
