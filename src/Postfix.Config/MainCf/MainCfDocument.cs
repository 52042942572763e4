using System.IO.Abstractions;
using System.Text;
using Postfix.Config.IO;
using Postfix.Config.Syntax;
using Contract = Postfix.Config.IO.SourceDocument<Postfix.Config.MainCf.MainCfDocument, Postfix.Config.MainCf.MainCfOptions>;

namespace Postfix.Config.MainCf;

/// <summary>
/// A main.cf file as an immutable, lossless list of entries. Writing a document that was not edited gives back the
/// exact bytes it was read from, for every input. Edits return a new document and change only the bytes of the
/// entries they target (the postconf-compatible edits also normalise those entries exactly as <c>postconf</c> does).
/// </summary>
public sealed partial class MainCfDocument : IConfigDocument<MainCfDocument, MainCfOptions>, ISourceDocument<MainCfDocument, MainCfOptions>
{
    /// <summary>The name diagnostics use when none is given.</summary>
    public const string DefaultSourceName = "main.cf";

    private readonly SourceText _source;
    private readonly Dictionary<string, MainCfParameter> _last;
    private readonly Dictionary<Diagnostic, string> _rawMessages;

    private readonly DocumentOrigin? _origin;

    private MainCfDocument(SourceText source, DocumentOrigin? origin)
    {
        _source = source;
        _origin = origin;
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
    internal string SourceName => _source.Name;

    /// <inheritdoc/>
    public string? Path => _origin?.Path;

    /// <inheritdoc/>
    public FileStamp? Stamp => _origin?.Stamp;

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

    /// <inheritdoc/>
    public static MainCfDocument Parse(ReadOnlySpan<byte> bytes, MainCfOptions? options = null) => Contract.Parse(bytes, options);

    /// <summary>Parses text: <paramref name="text"/> is encoded with <see cref="PostfixText.Encode(string)"/> and parsed like the bytes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="options">Options; null for the defaults.</param>
    public static MainCfDocument Parse(string text, MainCfOptions? options = null) => Contract.Parse(text, options);

    /// <inheritdoc/>
    public static MainCfDocument Load(Stream stream, MainCfOptions? options = null) => Contract.Load(stream, options);

    /// <inheritdoc/>
    public static MainCfDocument Load(string path, IFileSystem? fileSystem = null, MainCfOptions? options = null) => Contract.Load(path, fileSystem, options);

    /// <inheritdoc/>
    public static Task<MainCfDocument> LoadAsync(
        string path,
        IFileSystem? fileSystem = null,
        MainCfOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Contract.LoadAsync(path, fileSystem, options, cancellationToken);

    /// <inheritdoc/>
    public static MainCfDocument Create(MainCfOptions? options = null) => Contract.Create(options);

    /// <inheritdoc/>
    public Task<MainCfDocument> SaveAsync(CancellationToken cancellationToken = default) => Contract.SaveAsync(this, null, cancellationToken);

    /// <inheritdoc/>
    public Task<MainCfDocument> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default) => Contract.SaveAsync(this, options, cancellationToken);

    /// <inheritdoc/>
    public Task<MainCfDocument> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        Contract.SaveAsync(this, path, fileSystem, cancellationToken);

    /// <inheritdoc/>
    public void Save(Stream stream) => Contract.Save(this, stream);

    // How IO/SourceDocument, which holds the contract bodies above once for every document type, builds and reads this one.
    static string ISourceDocument<MainCfDocument, MainCfOptions>.DefaultName => DefaultSourceName;
    static MainCfOptions ISourceDocument<MainCfDocument, MainCfOptions>.DefaultOptions => new();
    SourceText ISourceDocument<MainCfDocument, MainCfOptions>.Source => _source;
    // main.cf and master.cf read the same under any options (they only name a document parsed from memory).
    MainCfOptions ISourceDocument<MainCfDocument, MainCfOptions>.Options => new();
    DocumentOrigin? ISourceDocument<MainCfDocument, MainCfOptions>.Origin => _origin;
    static MainCfDocument ISourceDocument<MainCfDocument, MainCfOptions>.Build(SourceText source, MainCfOptions options, DocumentOrigin? origin) => new(source, origin);

    /// <summary>The exact bytes of the document.</summary>
    public byte[] ToBytes() => _source.ToArray();

    /// <summary>The document's text, decoded with <see cref="PostfixText.Decode"/> (no byte is lost; see <see cref="ToBytes"/>).</summary>
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

    /// <summary>
    /// Checks the parameter names this main.cf sets the way postconf decides what it calls an "unused parameter": a
    /// name that is neither built in, per-service (from master.cf) nor used as <c>$name</c> anywhere (main.cf values,
    /// the defaults, master.cf <c>-o</c> values, <c>smtpd_restriction_classes</c>) is reported as unknown with a
    /// "did you mean" suggestion (PFC1530); a deprecated or obsolete parameter is flagged (PFC1531).
    /// </summary>
    /// <param name="masterCf">master.cf, or null when there is none (a master.cf postconf cannot read counts as empty).</param>
    /// <param name="configDirectory">The configuration directory (the value of <c>config_directory</c>).</param>
    /// <returns>The warnings, in file order (at the name of the last definition of each name).</returns>
    public IReadOnlyList<Diagnostic> CheckParameterNames(MasterCf.MasterCfDocument? masterCf = null, string configDirectory = "/etc/postfix") =>
        MainCfNameCheck.Check(this, masterCf, configDirectory);

    /// <summary>A diagnostic's message as byte text (exact bytes, where <see cref="Diagnostic.Message"/> is decoded for display).</summary>
    internal string RawMessage(Diagnostic diagnostic) =>
        _rawMessages.TryGetValue(diagnostic, out var raw) ? raw : ByteText.FromDisplay(diagnostic.Message);

    /// <summary>A new document with the same name and file origin over new bytes.</summary>
    internal MainCfDocument WithRawText(string rawText) =>
        new(SourceText.FromBytes(ByteText.ToBytes(rawText), _source.Name), _origin);

    /// <summary>Builds a document over byte text (for editors).</summary>
    internal static MainCfDocument FromRawText(string rawText, string sourceName) =>
        new(SourceText.FromBytes(ByteText.ToBytes(rawText), sourceName), null);

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
