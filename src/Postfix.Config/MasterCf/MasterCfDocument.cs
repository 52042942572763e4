using System.IO.Abstractions;
using System.Text;
using Postfix.Config.IO;
using Postfix.Config.Syntax;
using Contract = Postfix.Config.IO.SourceDocument<Postfix.Config.MasterCf.MasterCfDocument, Postfix.Config.MasterCf.MasterCfOptions>;

namespace Postfix.Config.MasterCf;

/// <summary>
/// A master.cf file as an immutable list of entries that covers every byte: writing it back (<see cref="ToBytes"/>)
/// gives the input byte for byte, for every input. Services are read the way the master daemon reads them, with
/// exact spans and the diagnostics Postfix would give. Edits return a new document.
/// </summary>
public sealed partial class MasterCfDocument : IConfigDocument<MasterCfDocument, MasterCfOptions>, ISourceDocument<MasterCfDocument, MasterCfOptions>
{
    /// <summary>The name diagnostics use when none is given.</summary>
    public const string DefaultSourceName = "master.cf";

    private readonly DocumentOrigin? _origin;

    private MasterCfDocument(SourceText source, DocumentOrigin? origin, IReadOnlyList<MasterCfEntry> entries, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        _origin = origin;
        Entries = entries;
        Diagnostics = diagnostics;
        Services = [.. entries.Where(e => e.Service is not null).Select(e => e.Service!)];
    }

    /// <summary>The exact bytes and their lines.</summary>
    internal SourceText Source { get; }

    /// <inheritdoc/>
    public string? Path => _origin?.Path;

    /// <inheritdoc/>
    public FileStamp? Stamp => _origin?.Stamp;

    /// <summary>Every entry in file order (blank and comment lines, services, unparsed text).</summary>
    public IReadOnlyList<MasterCfEntry> Entries { get; }

    /// <summary>The services in file order (duplicates included).</summary>
    public IReadOnlyList<MasterCfService> Services { get; }

    /// <summary>Everything Postfix would warn about or reject, in file order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error (Postfix would refuse the file).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// The services the master daemon runs: for services with the same <see cref="MasterCfServiceKey"/> the last one
    /// wins; in order of their first appearance.
    /// </summary>
    public IReadOnlyList<MasterCfService> EffectiveServices
    {
        get
        {
            var order = new List<MasterCfServiceKey>();
            var last = new Dictionary<MasterCfServiceKey, MasterCfService>();
            foreach (var service in Services)
            {
                if (!last.ContainsKey(service.Key))
                {
                    order.Add(service.Key);
                }

                last[service.Key] = service;
            }

            return [.. order.Select(k => last[k])];
        }
    }

    /// <inheritdoc/>
    public static MasterCfDocument Parse(ReadOnlySpan<byte> bytes, MasterCfOptions? options = null) => Contract.Parse(bytes, options);

    /// <summary>Parses text: <paramref name="text"/> is encoded with <see cref="PostfixText.Encode(string)"/> and parsed like the bytes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="options">Options; null for the defaults.</param>
    public static MasterCfDocument Parse(string text, MasterCfOptions? options = null) => Contract.Parse(text, options);

    /// <inheritdoc/>
    public static MasterCfDocument Load(Stream stream, MasterCfOptions? options = null) => Contract.Load(stream, options);

    /// <inheritdoc/>
    public static MasterCfDocument Load(string path, IFileSystem? fileSystem = null, MasterCfOptions? options = null) => Contract.Load(path, fileSystem, options);

    /// <inheritdoc/>
    public static Task<MasterCfDocument> LoadAsync(
        string path,
        IFileSystem? fileSystem = null,
        MasterCfOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Contract.LoadAsync(path, fileSystem, options, cancellationToken);

    /// <inheritdoc/>
    public static MasterCfDocument Create(MasterCfOptions? options = null) => Contract.Create(options);

    /// <inheritdoc/>
    public Task<MasterCfDocument> SaveAsync(CancellationToken cancellationToken = default) => Contract.SaveAsync(this, null, cancellationToken);

    /// <inheritdoc/>
    public Task<MasterCfDocument> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default) => Contract.SaveAsync(this, options, cancellationToken);

    /// <inheritdoc/>
    public Task<MasterCfDocument> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        Contract.SaveAsync(this, path, fileSystem, cancellationToken);

    /// <inheritdoc/>
    public void Save(Stream stream) => Contract.Save(this, stream);

    // How IO/SourceDocument, which holds the contract bodies above once for every document type, builds and reads this one.
    static string ISourceDocument<MasterCfDocument, MasterCfOptions>.DefaultName => DefaultSourceName;
    static MasterCfOptions ISourceDocument<MasterCfDocument, MasterCfOptions>.DefaultOptions => new();
    SourceText ISourceDocument<MasterCfDocument, MasterCfOptions>.Source => Source;
    // main.cf and master.cf read the same under any options (they only name a document parsed from memory).
    MasterCfOptions ISourceDocument<MasterCfDocument, MasterCfOptions>.Options => new();
    DocumentOrigin? ISourceDocument<MasterCfDocument, MasterCfOptions>.Origin => _origin;
    static MasterCfDocument ISourceDocument<MasterCfDocument, MasterCfOptions>.Build(SourceText source, MasterCfOptions options, DocumentOrigin? origin) => Build(source, origin);

    private static MasterCfDocument Build(SourceText source, DocumentOrigin? origin)
    {
        var diagnostics = new List<Diagnostic>();
        var entries = new List<MasterCfEntry>();
        foreach (var group in LogicalLineReader.Read(source))
        {
            entries.Add(MasterCfParser.Parse(group, diagnostics));
        }

        AddDuplicateWarnings(entries, diagnostics);
        var ordered = diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Location.Line)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();
        return new MasterCfDocument(source, origin, entries, ordered);
    }

    /// <summary>The exact bytes of the document.</summary>
    public byte[] ToBytes() => Source.ToArray();

    /// <summary>The document's text, decoded with <see cref="PostfixText.Decode"/> (no byte is lost; see <see cref="ToBytes"/>).</summary>
    public override string ToString() => ByteText.ToDisplay(Source.Text);

    /// <summary>
    /// The service the master daemon would run for this name and type (the last of any duplicates), or null.
    /// For <c>inet</c> the name is compared in canonical form, so <c>Find("25", "inet")</c> finds <c>smtp</c>.
    /// </summary>
    /// <param name="name">The service name.</param>
    /// <param name="type">The service type.</param>
    public MasterCfService? Find(string name, string type)
    {
        var all = FindAll(name, type);
        return all.Count == 0 ? null : all[^1];
    }

    /// <summary>Every service with this name and type (see <see cref="Find"/>), in file order.</summary>
    /// <param name="name">The service name.</param>
    /// <param name="type">The service type.</param>
    public IReadOnlyList<MasterCfService> FindAll(string name, string type)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        var canonical = type == "inet" ? InetServiceName.Canonicalize(name) : name;
        return [.. Services.Where(s => s.Type.Text == type
            && (type == "inet" ? s.Key.Endpoint == canonical : s.Name.Text == name))];
    }

    /// <summary>A new document from edited byte text (the same name).</summary>
    internal MasterCfDocument With(string byteText) => Build(SourceText.FromBytes(ByteText.ToBytes(byteText), Source.Name), _origin);

    internal string RawText => Source.Text;

    private static void AddDuplicateWarnings(List<MasterCfEntry> entries, List<Diagnostic> diagnostics)
    {
        var seen = new Dictionary<MasterCfServiceKey, MasterCfService>();
        foreach (var service in entries.Select(e => e.Service).OfType<MasterCfService>())
        {
            if (seen.TryGetValue(service.Key, out var earlier))
            {
                var message = new StringBuilder()
                    .Append("duplicate master.cf entry for service \"").Append(earlier.Name.Text).Append("\" (")
                    .Append(service.Key.Endpoint).Append(") -- using the last entry")
                    .ToString();
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, MasterCfDiagnosticCodes.DuplicateService, message, service.Name.Location));
            }

            seen[service.Key] = service;
        }
    }
}
