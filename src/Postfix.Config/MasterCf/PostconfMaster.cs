using System.Text;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf.Postconf;
using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>
/// master.cf displays and edits that give exactly what Postfix 3.7's <c>postconf -M/-F/-P</c> and
/// <c>-Me/-MX/-M#/-Fe/-Pe/-PX</c> give: the same standard output, the same file bytes (postconf's folded reprinting,
/// comments inside a rewritten entry moved above it), the same warnings and fatal errors. One deliberate deviation in
/// written files: empty arguments and brace-quoted first arguments are kept (see <c>docs/mastercf.md</c>).
/// </summary>
public static class PostconfMaster
{
    private const string EditOptions = "-Me, -Fe, -Pe, -X, or -#";

    /// <summary>Runs a display (<c>postconf -M</c>, <c>-F</c> or <c>-P</c>, with <c>-f</c>/<c>-h</c>/<c>-H</c>/<c>-x</c>).</summary>
    /// <param name="masterCf">The bytes of master.cf.</param>
    /// <param name="configDirectory">The configuration directory (as given to <c>-c</c>), used in messages.</param>
    /// <param name="options">What to show and how.</param>
    /// <param name="filters">The command-line patterns (may be empty).</param>
    internal static PostconfShowResult Show(
        ReadOnlySpan<byte> masterCf, string configDirectory, PostconfMasterShowOptions options, IReadOnlyList<string> filters)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(filters);
        var warnings = new List<string>();
        var output = new StringBuilder();
        var dir = ByteText.FromDisplay(configDirectory);
        try
        {
            var entries = ReadMaster(masterCf, dir + "/master.cf", warnings);
            var all = AllParameters(entries);
            Func<PcfEntry, Func<string, string>?> expanderFor = entry => Expander(options, entry);
            ShowCore(output, options, entries, all, filters, warnings, expanderFor);
            if (options.IsKnownParameter is { } isKnown)
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    var scope = Scope(entry);
                    foreach (var (name, value) in all[i] ?? [])
                    {
                        if (!isKnown(scope, ByteText.ToDisplay(name)))
                        {
                            warnings.Add(dir + "/master.cf: unused parameter: " + name + "=" + value);
                        }
                    }
                }
            }
        }
        catch (PostconfFatalException e)
        {
            return Result(output, warnings, e.Message, dir);
        }

        return Result(output, warnings, null, dir);
    }

    private static PostconfShowResult Result(StringBuilder output, List<string> warnings, string? fatal, string dir) =>
        PostconfShowResult.FromRaw(
            output.ToString(),
            warnings,
            fatal,
            MasterCfDiagnosticCodes.PostconfWarning,
            MasterCfDiagnosticCodes.PostconfError,
            new SourceLocation(ByteText.ToDisplay(dir + "/master.cf"), 1, 1));

    /// <summary>
    /// Runs a display exactly as <c>postconf -M</c>, <c>-F</c> or <c>-P</c> does with main.cf at hand: master.cf is
    /// read, then main.cf (a missing main.cf is fatal), the user-defined parameters of both are registered (with
    /// postconf's <c>undefined parameter</c> and <c>read-only parameter assignment</c> warnings before the output),
    /// <c>-x</c> (<see cref="PostconfMasterShowOptions.ExpandValues"/>) expands <c>-o</c> values over the service's own
    /// <c>-o</c> values, main.cf and the defaults, and the <c>-o</c> parameters nobody uses get postconf's
    /// <c>unused parameter</c> warning after the output.
    /// </summary>
    /// <param name="masterCf">master.cf.</param>
    /// <param name="mainCf">main.cf, or null when it does not exist.</param>
    /// <param name="options">What to show and how.</param>
    /// <param name="filters">The patterns postconf takes on its command line (<c>name[/type[/field]]</c>; may be empty).</param>
    /// <returns>The display, postconf's warnings and its fatal error.</returns>
    public static PostconfShowResult Show(
        MasterCfDocument masterCf, MainCfDocument? mainCf, PostconfMasterShowOptions options, IReadOnlyList<string> filters)
    {
        ArgumentNullException.ThrowIfNull(masterCf);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(filters);
        var warnings = new List<string>();
        var output = new StringBuilder();
        var dir = ByteText.FromDisplay(options.ConfigDirectory);
        try
        {
            var entries = ReadMaster(Named(masterCf, dir + "/master.cf"), warnings);
            var mainPath = dir + "/main.cf";
            if (mainCf is null)
            {
                throw new PostconfFatalException("open " + mainPath + ": No such file or directory");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["config_directory"] = dir };
            var order = new List<string> { "config_directory" };
            var catalog = PostconfMain.CatalogFor(entries);
            var all = AllParameters(entries);
            PostconfMain.ReadMain(mainCf, mainPath, values, order, warnings);
            var scan = PostconfMain.Scan(values, order, entries, catalog, dir, warnings);
            foreach (var name in order.Where(n => catalog.Find(n) is { IsReadOnly: true }).ToList())
            {
                values.Remove(name);
            }

            var evaluator = new Catalog.ParameterEvaluator(
                n => values.GetValueOrDefault(n),
                new Catalog.ParameterEvaluatorOptions { Catalog = catalog, ConfigDirectory = dir });
            var shared = new Dictionary<PcfEntry, Dictionary<string, string>?>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < entries.Count; i++)
            {
                shared[entries[i]] = all[i];
            }

            Func<PcfEntry, Func<string, string>?> expanderFor = entry =>
            {
                if (!options.ExpandValues)
                {
                    return null;
                }

                var local = new Catalog.UserParameterScan.ScanService(entry.Name, PostconfMain.CommandName(entry.Argv[PcfEntry.FieldCommand]), shared[entry]);
                return raw =>
                {
                    var result = Expansion.MacroExpander.Expand(ByteText.ToDisplay(raw), n =>
                    {
                        var name = ByteText.FromDisplay(n);
                        var value = local.Lookup(name) ?? evaluator.GetRawValue(name);
                        return value is null ? null : ByteText.ToDisplay(value);
                    });
                    foreach (var d in result.Diagnostics)
                    {
                        warnings.Add(ByteText.FromDisplay(d.Message));
                    }

                    return result.HasErrors ? throw new PostconfFatalException("macro processing error") : ByteText.FromDisplay(result.Value);
                };
            };
            ShowCore(output, options, entries, all, filters, warnings, expanderFor);

            // pcf_flag_unused_master_parameters() (main.cf's unused parameters are not reported in these modes).
            var masterPrefix = dir + "/master.cf: unused parameter: ";
            warnings.AddRange(scan.Diagnostics.Where(d => d.Code == Expansion.ExpansionDiagnosticCodes.UnusedParameter && d.Message.StartsWith(masterPrefix, StringComparison.Ordinal)).Select(d => d.Message));
        }
        catch (PostconfMain.FatalException e)
        {
            return Result(output, warnings, e.Message, dir);
        }
        catch (PostconfFatalException e)
        {
            return Result(output, warnings, e.Message, dir);
        }

        return Result(output, warnings, null, dir);
    }

    private static void ShowCore(
        StringBuilder output,
        PostconfMasterShowOptions options,
        List<PcfEntry> entries,
        List<Dictionary<string, string>?> all,
        IReadOnlyList<string> filters,
        List<string> warnings,
        Func<PcfEntry, Func<string, string>?> expanderFor)
    {
        var rawFilters = filters.Select(ByteText.FromDisplay).ToList();
        switch (options.Kind)
        {
            case PostconfMasterShowKind.Entries:
                ShowEntries(output, options, entries, rawFilters, warnings, expanderFor);
                break;
            case PostconfMasterShowKind.Fields:
                ShowFields(output, options, entries, rawFilters, warnings, expanderFor);
                break;
            default:
                ShowParameters(output, options, entries, all, rawFilters, warnings, expanderFor);
                break;
        }
    }

    /// <summary>
    /// Checks and parses the requests as postconf does before it opens master.cf; throws
    /// <see cref="ArgumentException"/> with postconf's fatal message.
    /// </summary>
    internal static List<EditRequest> ParseRequests(PostconfMasterEditKind kind, IEnumerable<string> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        try
        {
            var reqs = requests.Select(r => ParseRequest(ByteText.FromDisplay(r ?? throw new ArgumentNullException(nameof(requests))), kind)).ToList();
            return reqs.Count == 0 ? throw new PostconfFatalException("missing service argument") : reqs;
        }
        catch (PostconfFatalException e)
        {
            throw new ArgumentException(ByteText.ToDisplay(e.Message));
        }
    }

    /// <summary>
    /// Runs an edit exactly as postconf does on <paramref name="source"/> and returns the new byte text and
    /// postconf's warnings (byte text); throws <see cref="PostconfFatalException"/> (with the warnings so far) when
    /// postconf stops.
    /// </summary>
    internal static (string Text, List<string> Warnings) Edit(
        SourceText source, PostconfMasterEditKind kind, List<EditRequest> requests, bool preserveArguments, List<string> warnings)
    {
        var output = EditWalk(source, ByteText.FromDisplay(source.Name), kind, requests, warnings, preserveArguments);
        return (output, warnings);
    }

    /// <summary>
    /// <c>pcf_register_user_parameters</c>: the <c>-o</c> parameters go into one dictionary per <c>name/type</c>
    /// string, shared by duplicate entries; an entry sees that dictionary when it exists by the time the entry is reached.
    /// </summary>
    internal static List<Dictionary<string, string>?> AllParameters(List<PcfEntry> entries)
    {
        var registry = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var result = new List<Dictionary<string, string>?>();
        foreach (var entry in entries)
        {
            var nameSpace = entry.Name + "/" + entry.Type;
            foreach (var (name, value) in entry.ParameterList())
            {
                if (!registry.TryGetValue(nameSpace, out var dict))
                {
                    registry[nameSpace] = dict = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                dict[name] = value;
            }

            result.Add(registry.TryGetValue(nameSpace, out var shared) ? shared : null);
        }

        return result;
    }

    private static MasterCfServiceScope Scope(PcfEntry entry) => new(
        ByteText.ToDisplay(entry.Name),
        ByteText.ToDisplay(entry.Type),
        ByteText.ToDisplay(entry.Argv[PcfEntry.FieldCommand]),
        entry.Parameters().ToDictionary(p => ByteText.ToDisplay(p.Key), p => ByteText.ToDisplay(p.Value), StringComparer.Ordinal));

    private static Func<string, string>? Expander(PostconfMasterShowOptions options, PcfEntry entry)
    {
        if (options.Expand is not { } expand)
        {
            return null;
        }

        var scope = Scope(entry);
        return raw => ByteText.FromDisplay(expand(scope, ByteText.ToDisplay(raw)));
    }

    /// <summary><c>pcf_read_master</c> over master.cf's bytes (see <see cref="ReadMaster(MasterCfDocument, List{string})"/>).</summary>
    internal static List<PcfEntry> ReadMaster(ReadOnlySpan<byte> bytes, string path, List<string> warnings) =>
        ReadMaster(MasterCfDocument.Parse(bytes, new MasterCfOptions { SourceName = ByteText.ToDisplay(path) }), warnings);

    /// <summary>The document as postconf names it in messages (<paramref name="path"/>, byte text).</summary>
    internal static MasterCfDocument Named(MasterCfDocument document, string path)
    {
        var name = ByteText.ToDisplay(path);
        return document.Source.Name == name ? document : MasterCfDocument.Parse(document.Source.Bytes.Span, new MasterCfOptions { SourceName = name });
    }

    /// <summary>
    /// <c>pcf_read_master</c>: postconf's view of the document's logical lines (the document owns the bytes, the line
    /// grouping and the line numbers); every logical line is split postconf's way, fatal on a bad one.
    /// </summary>
    internal static List<PcfEntry> ReadMaster(MasterCfDocument document, List<string> warnings)
    {
        var path = ByteText.FromDisplay(document.Source.Name);
        var entries = new List<PcfEntry>();
        foreach (var group in document.Entries.Select(e => e.Lines))
        {
            if (group.Kind == LineGroupKind.Orphan)
            {
                var text = group.Text;
                var shown = PcfText.UpToNul(text);
                warnings.Add(path + ": logical line must not start with whitespace: \"" + (shown.Length > 30 ? shown[..30] : shown)
                    + (text.Length > 30 ? "..." : string.Empty) + "\"");
                continue;
            }

            if (group.Kind != LineGroupKind.Logical)
            {
                continue;
            }

            var entry = PcfEntry.Parse(group.Text, warnings, out var error)
                ?? throw new PostconfFatalException("file " + path + ": line " + group.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + error);
            entries.Add(entry);
        }

        return entries;
    }

    private static void ShowEntries(StringBuilder output, PostconfMasterShowOptions options, List<PcfEntry> entries, List<string> filters, List<string> warnings, Func<PcfEntry, Func<string, string>?> expanderFor)
    {
        var patterns = filters.Select(f => PcfPattern.Parse(f, 1, 2) ?? throw new PostconfFatalException("-M option requires service_name[/type]")).ToList();
        var counts = new int[patterns.Count];
        foreach (var entry in entries)
        {
            if (patterns.Count == 0)
            {
                entry.Print(output, options.Fold, expanderFor(entry));
                continue;
            }

            for (var i = 0; i < patterns.Count; i++)
            {
                if (PcfPattern.MatchService(patterns[i], entry.Name, entry.Type))
                {
                    counts[i]++;
                    entry.Print(output, options.Fold, expanderFor(entry));
                }
            }
        }

        Unmatched(filters, counts, warnings);
    }

    private static void ShowFields(StringBuilder output, PostconfMasterShowOptions options, List<PcfEntry> entries, List<string> filters, List<string> warnings, Func<PcfEntry, Func<string, string>?> expanderFor)
    {
        var patterns = new List<(string[] Pattern, int Field)>();
        foreach (var f in filters)
        {
            var p = PcfPattern.Parse(f, 1, 3) ?? throw new PostconfFatalException("-F option requires service_name[/type[/field]]");
            patterns.Add((p, PcfPattern.ParseField(p[2])));
        }

        var counts = new int[patterns.Count];
        foreach (var entry in entries)
        {
            var expand = expanderFor(entry);
            if (patterns.Count == 0)
            {
                for (var field = 0; field <= PcfEntry.FieldCommand; field++)
                {
                    entry.PrintField(output, field, options.Fold, options.HideName, options.HideValue, expand);
                }

                continue;
            }

            for (var i = 0; i < patterns.Count; i++)
            {
                if (!PcfPattern.MatchService(patterns[i].Pattern, entry.Name, entry.Type))
                {
                    continue;
                }

                counts[i]++;
                if (patterns[i].Field < 0)
                {
                    for (var field = 0; field <= PcfEntry.FieldCommand; field++)
                    {
                        entry.PrintField(output, field, options.Fold, options.HideName, options.HideValue, expand);
                    }
                }
                else
                {
                    entry.PrintField(output, patterns[i].Field, options.Fold, options.HideName, options.HideValue, expand);
                }
            }
        }

        Unmatched(filters, counts, warnings);
    }

    private static void ShowParameters(StringBuilder output, PostconfMasterShowOptions options, List<PcfEntry> entries, List<Dictionary<string, string>?> all, List<string> filters, List<string> warnings, Func<PcfEntry, Func<string, string>?> expanderFor)
    {
        var patterns = filters.Select(f => PcfPattern.Parse(f, 1, 3) ?? throw new PostconfFatalException("-P option requires service_name[/type[/parameter]]")).ToList();
        var counts = new int[patterns.Count];
        for (var e = 0; e < entries.Count; e++)
        {
            var entry = entries[e];
            if (all[e] is not { } parameters)
            {
                continue;
            }

            var expand = expanderFor(entry);
            if (patterns.Count == 0)
            {
                ShowAllParameters(output, options, entry, parameters, expand);
                continue;
            }

            for (var i = 0; i < patterns.Count; i++)
            {
                if (!PcfPattern.MatchService(patterns[i], entry.Name, entry.Type))
                {
                    continue;
                }

                if (patterns[i][2] == "*")
                {
                    ShowAllParameters(output, options, entry, parameters, expand);
                    counts[i]++;
                }
                else if (parameters.TryGetValue(patterns[i][2], out var value))
                {
                    PrintParameter(output, options, entry, patterns[i][2], value, expand);
                    counts[i]++;
                }
            }
        }

        Unmatched(filters, counts, warnings);
    }

    private static void ShowAllParameters(StringBuilder output, PostconfMasterShowOptions options, PcfEntry entry, Dictionary<string, string> parameters, Func<string, string>? expand)
    {
        foreach (var name in parameters.Keys.Order(StringComparer.Ordinal))
        {
            PrintParameter(output, options, entry, name, parameters[name], expand);
        }
    }

    /// <summary><c>pcf_print_master_param</c> through <c>pcf_print_line</c>, which squeezes whitespace and folds with <c>-f</c>.</summary>
    private static void PrintParameter(StringBuilder output, PostconfMasterShowOptions options, PcfEntry entry, string name, string value, Func<string, string>? expand)
    {
        string line;
        if (options.HideValue)
        {
            line = entry.Name + "/" + entry.Type + "/" + name;
        }
        else
        {
            if (expand is not null)
            {
                value = expand(value);
            }

            line = options.HideName ? value : entry.Name + "/" + entry.Type + "/" + name + " = " + value;
        }

        var lineLength = 0;
        foreach (var (start, length) in PcfText.Split(PcfText.UpToNul(line)))
        {
            if (lineLength > 0)
            {
                if (!options.Fold || lineLength + length < PcfEntry.LineLimit)
                {
                    output.Append(' ');
                    lineLength++;
                }
                else
                {
                    output.Append('\n').Append(PcfEntry.Indent);
                    lineLength = PcfEntry.IndentLength;
                }
            }

            output.Append(line, start, length);
            lineLength += length;
        }

        output.Append('\n');
    }

    private static void Unmatched(List<string> filters, int[] counts, List<string> warnings)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            if (counts[i] == 0)
            {
                warnings.Add("unmatched request: \"" + filters[i] + "\"");
            }
        }
    }

    internal sealed class EditRequest
    {
        public required string Raw { get; init; }

        public required string[] Pattern { get; init; }

        public string? Value { get; init; }

        public int Field { get; init; }

        public int MatchCount { get; set; }
    }

    private static EditRequest ParseRequest(string raw, PostconfMasterEditKind kind)
    {
        if (raw.Contains('\n', StringComparison.Ordinal))
        {
            throw new PostconfFatalException(EditOptions + " accept no multi-line input");
        }

        raw = PcfText.UpToNul(raw);
        var cp = raw.TrimStart(' ', '\t', '\n', '\v', '\f', '\r');
        if (cp.StartsWith('#'))
        {
            throw new PostconfFatalException(EditOptions + " accept no comment input");
        }

        string pattern;
        string? value = null;
        var isSet = kind is PostconfMasterEditKind.SetEntry or PostconfMasterEditKind.SetField or PostconfMasterEditKind.SetParameter;
        if (isSet)
        {
            var error = PcfText.SplitNameValue(cp, out pattern, out var v);
            if (error is not null)
            {
                throw new PostconfFatalException(error + ": \"" + raw + "\"");
            }

            value = v;
        }
        else
        {
            if (cp.Contains('=', StringComparison.Ordinal))
            {
                throw new PostconfFatalException("-X or -# requires names without value");
            }

            pattern = cp.TrimEnd(' ', '\t', '\n', '\v', '\f', '\r');
        }

        string[]? parts;
        var field = 0;
        switch (kind)
        {
            case PostconfMasterEditKind.SetEntry or PostconfMasterEditKind.RemoveEntry or PostconfMasterEditKind.CommentOutEntry:
                parts = PcfPattern.Parse(pattern, 2, 2) ?? throw new PostconfFatalException("-Me, -MX or -M# requires service_name/type");
                break;
            case PostconfMasterEditKind.SetField:
                parts = PcfPattern.Parse(pattern, 3, 3) ?? throw new PostconfFatalException("-Fe or -FX requires service_name/type/field_name");
                field = PcfPattern.ParseField(parts[2]);
                if (field < 0)
                {
                    throw new PostconfFatalException("-Fe does not accept wild-card field name");
                }

                if (field < PcfEntry.FieldCommand && PcfText.HasBlank(value!))
                {
                    throw new PostconfFatalException("-Fe does not accept whitespace in non-command field");
                }

                break;
            default:
                parts = PcfPattern.Parse(pattern, 3, 3) ?? throw new PostconfFatalException("-Pe or -PX requires service_name/type/parameter");
                if (parts[2] == "*")
                {
                    throw new PostconfFatalException("-Pe does not accept wild-card parameter name");
                }

                if (isSet && PcfText.HasBlank(value!))
                {
                    throw new PostconfFatalException("-Pe does not accept whitespace in parameter value");
                }

                break;
        }

        return new EditRequest { Raw = raw, Pattern = parts, Value = value, Field = field };
    }

    /// <summary><c>pcf_edit_master</c>: the physical walk over the file.</summary>
    private static string EditWalk(SourceText source, string path, PostconfMasterEditKind kind, List<EditRequest> reqs, List<string> warnings, bool preserveArguments)
    {
        var text = source.Text;
        var lines = source.Lines;
        var dst = new StringBuilder(text.Length + 256);
        var isEntryKind = kind is PostconfMasterEditKind.SetEntry or PostconfMasterEditKind.RemoveEntry or PostconfMasterEditKind.CommentOutEntry;
        var commentOut = kind == PostconfMasterEditKind.CommentOutEntry;
        var matched = false;
        var i = 0;
        while (i < lines.Count)
        {
            // pcf_next_cf_line: comment and blank lines pass through.
            var line = LineWithNewline(text, lines[i]);
            var lineNumber = i + 1;
            i++;
            var info = FindInfo(line);
            if (info < 0)
            {
                dst.Append(PcfText.UpToNul(line));
                continue;
            }

            if (info > 0)
            {
                if (!matched)
                {
                    dst.Append(PcfText.UpToNul(line));
                }
                else if (commentOut)
                {
                    dst.Append('#').Append(PcfText.UpToNul(line));
                }

                continue;
            }

            matched = false;
            var visible = PcfText.UpToNul(line);
            var words = PcfText.Split(visible, 0, 2);
            if (words.Count < 2)
            {
                throw new PostconfFatalException("file " + path + ": line " + Num(lineNumber) + ": specify service name and type on the same line");
            }

            var serviceName = visible.Substring(words[0].Start, words[0].Length);
            var serviceType = visible.Substring(words[1].Start, words[1].Length);
            if (serviceName.Contains('=', StringComparison.Ordinal))
            {
                throw new PostconfFatalException("file " + path + ": line " + Num(lineNumber) + ": service name syntax \"" + serviceName
                    + "\" is unsupported with " + EditOptions);
            }

            if (serviceType.AsSpan().IndexOfAny('=', '/') >= 0)
            {
                throw new PostconfFatalException("file " + path + ": line " + Num(lineNumber) + ": service type syntax \"" + serviceType
                    + "\" is unsupported with " + EditOptions);
            }

            PcfEntry? newEntry = null;
            foreach (var req in reqs)
            {
                PcfEntry? tentative = null;
                var useTentative = false;
                if (kind == PostconfMasterEditKind.SetEntry)
                {
                    tentative = PcfEntry.Parse(req.Value!, warnings, out var error)
                        ?? throw new PostconfFatalException(error + ": \"" + req.Raw + "\"");
                }

                if (PcfPattern.MatchService(req.Pattern, serviceName, serviceType))
                {
                    matched = true;
                    req.MatchCount++;
                    switch (kind)
                    {
                        case PostconfMasterEditKind.SetField or PostconfMasterEditKind.SetParameter or PostconfMasterEditKind.RemoveParameter:
                            if (newEntry is null)
                            {
                                var full = new StringBuilder(line);
                                i = Gobble(text, lines, i, full, dst);
                                newEntry = PcfEntry.Parse(full.ToString(), warnings, out var error)
                                    ?? throw new PostconfFatalException("file " + path + ": line " + Num(lineNumber) + ": " + error);
                            }

                            if (kind == PostconfMasterEditKind.SetField)
                            {
                                newEntry.EditField(req.Field, req.Value!, warnings);
                            }
                            else
                            {
                                newEntry.EditParameter(req.Pattern[2], req.Value, kind == PostconfMasterEditKind.RemoveParameter);
                            }

                            break;
                        case PostconfMasterEditKind.SetEntry:
                            if (req.MatchCount == 1)
                            {
                                useTentative = true;
                            }

                            break;
                    }
                }
                else if (tentative is not null && PcfPattern.MatchService([tentative.Name, tentative.Type], serviceName, serviceType))
                {
                    matched = true;
                    req.MatchCount++;
                    if (req.MatchCount == 1)
                    {
                        useTentative = true;
                    }
                }

                if (tentative is not null && useTentative)
                {
                    newEntry = tentative;
                }
            }

            if (newEntry is not null)
            {
                newEntry.Print(dst, fold: true, preserveArguments: preserveArguments);
            }
            else if (!matched)
            {
                dst.Append(visible);
            }
            else if (commentOut)
            {
                dst.Append('#').Append(visible);
            }
        }

        foreach (var req in reqs)
        {
            if (req.MatchCount != 0)
            {
                continue;
            }

            if (kind == PostconfMasterEditKind.SetEntry)
            {
                var entry = PcfEntry.Parse(req.Value!, warnings, out var error)
                    ?? throw new PostconfFatalException(error + ": \"" + req.Raw + "\"");
                entry.Print(dst, fold: true, preserveArguments: preserveArguments);
            }
            else if (!isEntryKind)
            {
                warnings.Add("unmatched service_name/type: \"" + req.Raw + "\"");
            }
        }

        return dst.ToString();
    }

    private static string Num(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string LineWithNewline(string text, PhysicalLine line) => text.Substring(line.Start, line.EndIncludingLineFeed - line.Start);

    /// <summary><c>pcf_find_cf_info</c>: -1 for a comment or blank line, else the offset of the first non-space byte.</summary>
    private static int FindInfo(string line)
    {
        var cp = 0;
        while (cp < line.Length && PostfixChars.IsSpace(line[cp]))
        {
            cp++;
        }

        return cp == line.Length || line[cp] is '#' or '\0' ? -1 : cp;
    }

    /// <summary>
    /// <c>pcf_gobble_cf_line</c>: appends the continuation lines to <paramref name="full"/> and writes the comment and
    /// blank lines met on the way straight to <paramref name="dst"/> (so they end up above the reprinted entry).
    /// </summary>
    private static int Gobble(string text, IReadOnlyList<PhysicalLine> lines, int i, StringBuilder full, StringBuilder dst)
    {
        while (i < lines.Count)
        {
            var first = lines[i].Length > 0 || lines[i].HasLineFeed ? text[lines[i].Start] : '\0';
            if (first != '#' && !PostfixChars.IsSpace(first))
            {
                break;
            }

            var line = LineWithNewline(text, lines[i]);
            i++;
            if (FindInfo(line) < 0)
            {
                dst.Append(PcfText.UpToNul(line));
            }
            else
            {
                full.Append(line);
            }
        }

        return i;
    }
}
