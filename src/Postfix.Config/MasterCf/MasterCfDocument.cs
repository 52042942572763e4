using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>
/// A master.cf file as an immutable list of entries that covers every byte: writing it back (<see cref="ToBytes"/>)
/// gives the input byte for byte, for every input. Services are read the way the master daemon reads them, with
/// exact spans and the diagnostics Postfix would give. Edits return a new document.
/// </summary>
public sealed partial class MasterCfDocument
{
    private MasterCfDocument(SourceText source, IReadOnlyList<MasterCfEntry> entries, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Entries = entries;
        Diagnostics = diagnostics;
        Services = [.. entries.Where(e => e.Service is not null).Select(e => e.Service!)];
    }

    /// <summary>The exact bytes and their lines.</summary>
    public SourceText Source { get; }

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

    /// <summary>Reads master.cf bytes. Never throws for bad content: problems become <see cref="Diagnostics"/>.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name used in diagnostics.</param>
    public static MasterCfDocument Load(ReadOnlySpan<byte> bytes, string name) => Load(SourceText.FromBytes(bytes, name));

    /// <summary>Reads a source. Never throws for bad content: problems become <see cref="Diagnostics"/>.</summary>
    /// <param name="source">The source.</param>
    public static MasterCfDocument Load(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
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
        return new MasterCfDocument(source, entries, ordered);
    }

    /// <summary>Reads master.cf text (encoded as UTF-8).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="name">The name used in diagnostics.</param>
    public static MasterCfDocument Load(string text, string name) => Load(SourceText.FromString(text, name));

    /// <summary>Reads master.cf bytes; throws <see cref="ConfigFormatException"/> when Postfix would reject them.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name used in diagnostics.</param>
    public static MasterCfDocument Parse(ReadOnlySpan<byte> bytes, string name)
    {
        var document = Load(bytes, name);
        return document.HasErrors ? throw new ConfigFormatException(document.Diagnostics) : document;
    }

    /// <summary>Reads master.cf text; throws <see cref="ConfigFormatException"/> when Postfix would reject it.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="name">The name used in diagnostics.</param>
    public static MasterCfDocument Parse(string text, string name)
    {
        var document = Load(text, name);
        return document.HasErrors ? throw new ConfigFormatException(document.Diagnostics) : document;
    }

    /// <summary>Reads master.cf bytes; false when Postfix would reject them (the document is still returned).</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name used in diagnostics.</param>
    /// <param name="document">The document, with its diagnostics.</param>
    public static bool TryParse(ReadOnlySpan<byte> bytes, string name, out MasterCfDocument document)
    {
        document = Load(bytes, name);
        return !document.HasErrors;
    }

    /// <summary>The exact bytes of the document.</summary>
    public byte[] ToBytes() => Source.ToArray();

    /// <summary>The document as text (UTF-8 decoded when valid, else one char per byte).</summary>
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
    internal MasterCfDocument With(string byteText) => Load(SourceText.FromBytes(ByteText.ToBytes(byteText), Source.Name));

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
