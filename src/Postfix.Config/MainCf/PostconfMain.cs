using System.Globalization;
using System.Text;
using Postfix.Config.Catalog;
using Postfix.Config.Expansion;
using Postfix.Config.MasterCf;
using Postfix.Config.MasterCf.Postconf;
using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// <c>postconf</c>'s main.cf display (<c>postconf [-n|-d] [-h] [-H] [-x] [-f] [-o name=value] [name…]</c>),
/// producing the same standard output bytes, the same warnings and the same fatal errors as Postfix 3.7.11
/// (<c>postconf.c</c> main, <c>postconf_main.c</c>, <c>postconf_lookup.c</c>, <c>postconf_user.c</c>).
/// </summary>
public static class PostconfMain
{
    private const int LineLimit = 80;
    private const string Indent = "    ";

    /// <summary>Runs a display.</summary>
    /// <param name="mainCf">main.cf, or null when the file does not exist.</param>
    /// <param name="masterCf">master.cf, or null when the file does not exist.</param>
    /// <param name="options">What to show.</param>
    /// <returns>The display, postconf's warnings and its fatal error.</returns>
    public static PostconfShowResult Show(MainCfDocument? mainCf, MasterCfDocument? masterCf, PostconfMainShowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var output = new StringBuilder();
        var dir = ByteText.FromDisplay(options.ConfigDirectory);
        string? fatal = null;
        try
        {
            ShowCore(mainCf, masterCf, options, warnings, output);
        }
        catch (FatalException e)
        {
            fatal = e.Message;
        }

        return PostconfShowResult.FromRaw(
            output.ToString(),
            warnings,
            fatal,
            MainCfDiagnosticCodes.PostconfWarning,
            MainCfDiagnosticCodes.PostconfError,
            new SourceLocation(ByteText.ToDisplay(dir + "/main.cf"), 1, 1));
    }

    private static void ShowCore(MainCfDocument? mainCf, MasterCfDocument? masterCf, PostconfMainShowOptions options, List<string> warnings, StringBuilder output)
    {
        var dir = ByteText.FromDisplay(options.ConfigDirectory);
        var mainPath = dir + "/main.cf";

        // mail_conf_suck(): config_directory comes first, then main.cf (dict_load_fp) and the -o overrides.
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["config_directory"] = dir };
        var order = new List<string> { "config_directory" };
        if (!options.Defaults)
        {
            if (mainCf is null)
            {
                throw new FatalException($"open {mainPath}: No such file or directory");
            }

            ReadMain(mainCf, mainPath, values, order, warnings);
            foreach (var o in options.Overrides)
            {
                var raw = ByteText.FromDisplay(o);
                var error = PostconfMainEditor.SplitNameValue(MainCfParser.CString(raw), out var name, out var value);
                if (error is not null)
                {
                    throw new FatalException($"invalid parameter override: {raw}: {error}");
                }

                Set(values, order, name, value);
            }
        }

        // pcf_read_master(PCF_WARN_ON_OPEN_ERROR), then the per-service parameters.
        List<PcfEntry> entries = [];
        if (masterCf is null)
        {
            warnings.Add($"open {dir}/master.cf: No such file or directory");
        }
        else
        {
            try
            {
                entries = PostconfMaster.ReadMaster(PostconfMaster.Named(masterCf, dir + "/master.cf"), warnings);
            }
            catch (PostconfFatalException e)
            {
                throw new FatalException(e.Message);
            }
        }

        var catalog = CatalogFor(entries);
        var userDefined = new HashSet<string>(StringComparer.Ordinal);
        UserParameterScan? scan = null;
        if (!options.Defaults)
        {
            // postconf drops read-only assignments (after warning about them).
            scan = Scan(values, order, entries, catalog, dir, warnings);
            foreach (var name in order.Where(n => catalog.Find(n) is { IsReadOnly: true }).ToList())
            {
                values.Remove(name);
                order.Remove(name);
            }

            userDefined.UnionWith(scan.UserDefined);
        }

        var evaluator = new ParameterEvaluator(
            n => values.GetValueOrDefault(n),
            new ParameterEvaluatorOptions { Catalog = catalog, ConfigDirectory = dir, DefaultsOnly = options.Defaults });

        bool IsKnown(string name) => catalog.Contains(name) || userDefined.Contains(name);

        if (options.Names.Count == 0)
        {
            // Legacy names count only when main.cf sets them (postconf relabels them as user-defined).
            var all = new SortedSet<string>(catalog.Names, StringComparer.Ordinal);
            all.UnionWith(userDefined);
            if (!options.Defaults)
            {
                all.UnionWith(order.Where(n => catalog.Find(n) is { Kind: ParameterKind.Legacy }));
            }

            foreach (var name in all)
            {
                Print(output, warnings, options, evaluator, catalog, values, name);
            }
        }
        else
        {
            foreach (var display in options.Names)
            {
                var name = ByteText.FromDisplay(display);
                if (!IsKnown(name))
                {
                    warnings.Add($"{name}: unknown parameter");
                    continue;
                }

                Print(output, warnings, options, evaluator, catalog, values, name);
            }
        }

        if (scan is not null)
        {
            // pcf_flag_unused_main_parameters(), then pcf_flag_unused_master_parameters().
            warnings.AddRange(scan.Diagnostics.Where(d => d.Code == ExpansionDiagnosticCodes.UnusedParameter).Select(d => d.Message));
        }
    }

    /// <summary>The catalog postconf builds: the built-in parameters plus the per-service ones of master.cf.</summary>
    internal static ParameterCatalog CatalogFor(List<PcfEntry> entries) =>
        ParameterCatalog.Postfix37.WithServices(entries.Select(e => (e.Name, CommandName(e.Argv[PcfEntry.FieldCommand]))));

    /// <summary>
    /// <c>pcf_register_user_parameters()</c> over main.cf and master.cf: adds its warnings (all but the unused-parameter
    /// ones, which postconf prints after its output) and stops with postconf's fatal error when a value does not expand.
    /// </summary>
    internal static UserParameterScan Scan(
        Dictionary<string, string> values, List<string> order, List<PcfEntry> entries, ParameterCatalog catalog, string dir, List<string> warnings)
    {
        var explicitValues = order.Select(n => new KeyValuePair<string, string>(n, values[n])).ToList();
        var shared = PostconfMaster.AllParameters(entries);
        var services = entries.Select((e, i) => new UserParameterScan.ScanService(e.Name, CommandName(e.Argv[PcfEntry.FieldCommand]), shared[i])).ToList();
        var scan = UserParameterScan.RunCore(explicitValues, services, catalog, dir + "/main.cf", dir + "/master.cf");
        foreach (var d in scan.Diagnostics.Where(d => d.Code != ExpansionDiagnosticCodes.UnusedParameter))
        {
            warnings.Add(ByteText.FromDisplay(d.Message));
        }

        if (scan.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new FatalException("macro processing error");
        }

        return scan;
    }

    internal static void ReadMain(MainCfDocument document, string mainPath, Dictionary<string, string> values, List<string> order, List<string> warnings)
    {
        foreach (var entry in document.Entries)
        {
            switch (entry)
            {
                case MainCfUnparsed { Diagnostic: { Severity: DiagnosticSeverity.Error } error } unparsed:
                    throw new FatalException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{mainPath}, line {unparsed.LineNumber}: {document.RawMessage(error)}"));
                case MainCfUnparsed unparsed:
                    warnings.Add($"{mainPath}: {document.RawMessage(unparsed.Diagnostic)}");
                    break;
                case MainCfParameter p:
                    if (values.TryGetValue(p.RawName, out var old) && !string.Equals(old, p.RawValue, StringComparison.Ordinal))
                    {
                        warnings.Add(string.Create(
                            CultureInfo.InvariantCulture,
                            $"{mainPath}, line {p.LineNumber}: overriding earlier entry: {p.RawName}={old}"));
                    }

                    Set(values, order, p.RawName, p.RawValue);
                    break;
            }
        }
    }

    internal static void Set(Dictionary<string, string> values, List<string> order, string name, string value)
    {
        if (!values.ContainsKey(name))
        {
            order.Add(name);
        }

        values[name] = value;
    }

    /// <summary>pcf_print_parameter() with pcf_lookup_parameter_value().</summary>
    private static void Print(
        StringBuilder output,
        List<string> warnings,
        PostconfMainShowOptions options,
        ParameterEvaluator evaluator,
        ParameterCatalog catalog,
        Dictionary<string, string> values,
        string name)
    {
        string? value;
        if (options.Defaults)
        {
            value = evaluator.GetDefault(name) ?? (catalog.Contains(name) ? null : string.Empty);
        }
        else
        {
            value = values.GetValueOrDefault(name);
            if (value is null && !options.NonDefault)
            {
                value = evaluator.GetDefault(name) ?? string.Empty;
            }
        }

        if (value is null)
        {
            return;
        }

        if (options.HideValue)
        {
            PrintLine(output, options.Fold, name);
            return;
        }

        if (options.Expand && catalog.Find(name) is not { IsRaw: true })
        {
            var result = evaluator.ExpandText(value);
            foreach (var d in result.Diagnostics)
            {
                warnings.Add(ByteText.FromDisplay(d.Message));
            }

            if (result.HasErrors)
            {
                throw new FatalException("macro processing error");
            }

            value = result.Value;
        }

        PrintLine(output, options.Fold, options.HideName ? value : name + " = " + value);
    }

    /// <summary>pcf_print_line(): words split at SP HT CR LF, joined by one space, optionally folded at 80 columns.</summary>
    internal static void PrintLine(StringBuilder output, bool fold, string text)
    {
        var lineLength = 0;
        foreach (var word in text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (lineLength > 0)
            {
                if (!fold || lineLength + word.Length < LineLimit)
                {
                    output.Append(' ');
                    lineLength += 1;
                }
                else
                {
                    output.Append('\n').Append(Indent);
                    lineLength = Indent.Length;
                }
            }

            output.Append(word);
            lineLength += word.Length;
        }

        output.Append('\n');
    }

    /// <summary>The program name of a master.cf command (its last path component).</summary>
    internal static string CommandName(string command)
    {
        var slash = command.LastIndexOf('/');
        return slash >= 0 ? command[(slash + 1)..] : command;
    }

    internal sealed class FatalException(string message) : Exception(message);
}
