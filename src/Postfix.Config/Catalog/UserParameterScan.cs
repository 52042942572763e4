using Postfix.Config.Expansion;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;

namespace Postfix.Config.Catalog;

/// <summary>
/// postconf's view of the names a configuration defines (<c>postconf_user.c</c>, <c>postconf_unused.c</c>): a name
/// that is not built in counts as a user-defined parameter only when some value uses it as <c>$name</c> (or it is
/// listed in <c>smtpd_restriction_classes</c>); otherwise postconf calls it an unused parameter, and
/// <c>postconf name</c> answers "unknown parameter". master.cf <c>-o</c> parameters take part: a <c>$name</c> in a
/// service's <c>-o</c> value uses that service's own <c>-o name=…</c> first, else main.cf's; a <c>$name</c> in main.cf
/// also uses every service's <c>-o name=…</c>.
/// </summary>
public sealed class UserParameterScan
{
    private readonly IReadOnlyList<HashSet<string>> validInService;

    private UserParameterScan(
        IReadOnlySet<string> userDefined,
        IReadOnlyList<string> unused,
        IReadOnlyList<Diagnostic> diagnostics,
        IReadOnlyList<HashSet<string>> validInService,
        IReadOnlyList<string> unusedInMasterCf)
    {
        UserDefined = userDefined;
        Unused = unused;
        Diagnostics = diagnostics;
        this.validInService = validInService;
        UnusedInMasterCf = unusedInMasterCf;
    }

    /// <summary>The main.cf names that are not built in but are used, so postconf lists and expands them.</summary>
    public IReadOnlySet<string> UserDefined { get; }

    /// <summary>The main.cf names that are neither built in nor used, in main.cf order (postconf: "unused parameter").</summary>
    public IReadOnlyList<string> Unused { get; }

    /// <summary>
    /// The master.cf <c>-o</c> settings postconf calls unused, as <c>service/type/name</c>, in master.cf order (a
    /// duplicate service repeats its settings, as postconf does).
    /// </summary>
    public IReadOnlyList<string> UnusedInMasterCf { get; }

    /// <summary>
    /// The warnings postconf prints, in its order: first those about master.cf <c>-o</c> values (service by service),
    /// then those about main.cf: <c>undefined parameter</c> (PFC1520) for a <c>$name</c> with no value and no
    /// default, <c>read-only parameter assignment</c> (PFC1533), syntax problems in values (PFC15xx, as warnings,
    /// because postconf only warns while scanning); last the <c>unused parameter</c> warnings (PFC1532) of main.cf,
    /// then of master.cf. An expansion error in the value of a built-in main.cf parameter is an error: postconf expands
    /// those values in full at start-up and stops with <c>fatal: macro processing error</c>, whatever it was asked to
    /// do. Within one file (one service) postconf's order follows a randomly seeded hash table; here it is file order.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether postconf knows <paramref name="name"/>: built in, service, legacy or user-defined.</summary>
    /// <param name="catalog">The catalog the scan was made with.</param>
    /// <param name="name">The parameter name.</param>
    /// <returns>True when postconf would print the parameter.</returns>
    public bool IsKnown(ParameterCatalog catalog, string name) =>
        (catalog ?? throw new ArgumentNullException(nameof(catalog))).Contains(name) || UserDefined.Contains(name);

    /// <summary>Whether a master.cf service's <c>-o name=…</c> is used (postconf does not call it unused).</summary>
    /// <param name="catalog">The catalog the scan was made with.</param>
    /// <param name="service">The index of the service in the list given to <see cref="RunWithServices"/>.</param>
    /// <param name="name">The parameter name.</param>
    /// <returns>True when postconf would not warn about it.</returns>
    public bool IsUsedInService(ParameterCatalog catalog, int service, string name) =>
        IsKnown(catalog, name) || (service >= 0 && service < validInService.Count && validInService[service].Contains(name));

    /// <summary>Scans a main.cf's explicit values the way postconf does before it prints anything (no master.cf).</summary>
    /// <param name="explicitValues">The main.cf settings (name and raw value, last definition of each name), in file order.</param>
    /// <param name="catalog">The known parameters; <see cref="ParameterCatalog.Postfix37"/> when null.</param>
    /// <param name="mainCfPath">The path used in messages, e.g. <c>/etc/postfix/main.cf</c>.</param>
    /// <returns>The scan result.</returns>
    public static UserParameterScan Run(IReadOnlyList<KeyValuePair<string, string>> explicitValues, ParameterCatalog? catalog = null, string mainCfPath = "main.cf") =>
        RunWithServices(explicitValues, [], catalog, mainCfPath, "master.cf");

    /// <summary>
    /// Scans main.cf and the master.cf services the way postconf does before it prints anything
    /// (<c>pcf_register_user_parameters</c>).
    /// </summary>
    /// <param name="explicitValues">The main.cf settings (name and raw value, last definition of each name), in file order.</param>
    /// <param name="services">
    /// The master.cf services in file order with their <c>-o</c> parameters. Services with the same name and type
    /// share one set of parameters, as in postconf.
    /// </param>
    /// <param name="catalog">The known parameters (with <see cref="ParameterCatalog.WithServices"/>); <see cref="ParameterCatalog.Postfix37"/> when null.</param>
    /// <param name="mainCfPath">The main.cf path used in messages.</param>
    /// <param name="masterCfPath">The master.cf path used in messages.</param>
    /// <returns>The scan result.</returns>
    public static UserParameterScan RunWithServices(
        IReadOnlyList<KeyValuePair<string, string>> explicitValues,
        IReadOnlyList<MasterCfServiceScope> services,
        ParameterCatalog? catalog,
        string mainCfPath,
        string masterCfPath)
    {
        ArgumentNullException.ThrowIfNull(explicitValues);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(mainCfPath);
        ArgumentNullException.ThrowIfNull(masterCfPath);
        var shared = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var scopes = new List<ScanService>();
        foreach (var service in services)
        {
            var key = service.Name + "/" + service.Type;
            foreach (var (name, value) in service.Parameters)
            {
                if (!shared.TryGetValue(key, out var dict))
                {
                    shared[key] = dict = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                dict[name] = value;
            }

            scopes.Add(new ScanService(service.Name, service.ProcessName, shared.GetValueOrDefault(key)));
        }

        return RunCore(explicitValues, scopes, catalog ?? ParameterCatalog.Postfix37, mainCfPath, masterCfPath);
    }

    /// <summary>
    /// The scan over master.cf services given as postconf's per-entry parameter dictionaries (shared by duplicate
    /// services, null for a service without <c>-o</c>). Read-only assignments are removed from those dictionaries, as
    /// postconf removes them.
    /// </summary>
    internal static UserParameterScan RunCore(
        IReadOnlyList<KeyValuePair<string, string>> explicitValues,
        IReadOnlyList<ScanService> scanServices,
        ParameterCatalog catalog,
        string mainCfPath,
        string masterCfPath)
    {
        var services = scanServices.Select(s => s.Parameters).ToList();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in explicitValues)
        {
            values[name] = value;
        }

        var mainLocation = new SourceLocation(mainCfPath, 1, 1);
        var masterLocation = new SourceLocation(masterCfPath, 1, 1);
        var userDefined = new HashSet<string>(StringComparer.Ordinal);
        var valid = services.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
        var diagnostics = new List<Diagnostic>();
        Dictionary<string, List<int>>? serviceIndex = null;
        var evaluator = new ParameterEvaluator(n => values.GetValueOrDefault(n), new ParameterEvaluatorOptions { Catalog = catalog, Location = mainLocation });

        // pcf_flag_user_parameter(): service is the index of the local scope, or -1 for main.cf. A legacy database
        // name (dbms) that nobody set is not "undefined": postconf only registers those candidates.
        void Flag(string name, int service, bool dbms = false)
        {
            var supplied = false;
            if (service >= 0 && services[service]!.ContainsKey(name))
            {
                supplied = true;
                valid[service].Add(name);
            }
            else if (values.ContainsKey(name))
            {
                supplied = true;
                if (!catalog.Contains(name))
                {
                    userDefined.Add(name);
                }
            }

            if (service < 0)
            {
                // Which services set the name (looked up once per name, not once per service and name).
                serviceIndex ??= BuildServiceIndex(services);
                if (serviceIndex.TryGetValue(name, out var holders))
                {
                    supplied = true;
                    foreach (var i in holders)
                    {
                        valid[i].Add(name);
                    }
                }
            }

            if (!supplied && !dbms && !catalog.Contains(name) && !userDefined.Contains(name))
            {
                var (path, location) = service < 0 ? (mainCfPath, mainLocation) : (masterCfPath, masterLocation);
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.UndefinedParameter, $"{path}: undefined parameter: {name}", location));
            }
        }

        void ScanValue(string value, int service)
        {
            var location = service < 0 ? mainLocation : masterLocation;
            var scan = MacroExpander.Scan(value, new ExpansionOptions { Location = location });
            foreach (var d in scan.Diagnostics)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, d.Code, d.Message, d.Location));
            }

            foreach (var name in scan.ReferencedNames)
            {
                Flag(name, service);
            }
        }

        // pcf_scan_user_parameter_namespace() for one name space; true for main.cf's.
        void ScanNamespace(Dictionary<string, string> dict, int service)
        {
            var (path, location) = service < 0 ? (mainCfPath, mainLocation) : (masterCfPath, masterLocation);

            // smtpd_restriction_classes, evaluated within this name space alone (dict_eval).
            if (dict.TryGetValue("smtpd_restriction_classes", out var classes))
            {
                var evaluated = MacroExpander.Expand(classes, n => dict.GetValueOrDefault(n)).Value;
                foreach (var name in evaluated.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
                {
                    Flag(name, service);
                }
            }

            foreach (var (name, value) in dict.ToList())
            {
                if (catalog.Find(name) is { } info)
                {
                    if (info.IsReadOnly)
                    {
                        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.ReadOnlyAssignment, $"{path}: read-only parameter assignment: {name}={value}", location));
                        if (service >= 0)
                        {
                            dict.Remove(name);
                        }

                        continue;
                    }

                    if (info.IsRaw)
                    {
                        continue;
                    }
                }

                ScanValue(value, service);

                // Built-in and per-service values are also expanded in full (postconf does that to find legacy
                // database parameters), so an expansion error there is fatal for every postconf command.
                if (catalog.Contains(name) && catalog.Find(name)!.Kind != ParameterKind.Legacy)
                {
                    var local = service < 0 ? null : scanServices[service];
                    var expanded = local is null
                        ? evaluator.ExpandText(value)
                        : MacroExpander.Expand(value, n => local.Lookup(n) ?? evaluator.GetRawValue(n), new ExpansionOptions { Location = location });
                    diagnostics.AddRange(expanded.Diagnostics);
                    if (expanded.HasErrors)
                    {
                        throw new FatalScanException();
                    }

                    // pcf_register_dbms_parameters(): the fully expanded value names legacy database tables whose
                    // NAME_suffix parameters count as used (only values of built-in parameters, as in 3.7).
                    RegisterDbms(expanded.Value, service);
                }
            }
        }

        void RegisterDbms(string expanded, int service)
        {
            if (!expanded.Contains(':', StringComparison.Ordinal))
            {
                return;
            }

            foreach (var candidate in LegacyDbmsParameters.CandidateNames(expanded))
            {
                Flag(candidate, service, dbms: true);
            }
        }

        try
        {
            ScanAll();
        }
        catch (FatalScanException)
        {
            return new UserParameterScan(userDefined, [], diagnostics, valid, []);
        }

        void ScanAll()
        {
            // 1. The -o parameters of each master.cf service.
            for (var i = 0; i < services.Count; i++)
            {
                if (services[i] is { } parameters)
                {
                    ScanNamespace(parameters, i);
                }
        }

            // 2. Defaults of parameters that main.cf leaves alone (they may refer to old names).
            foreach (var name in catalog.Names)
            {
                if (!values.ContainsKey(name) && catalog.Find(name) is { IsRaw: false } info)
                {
                    ScanValue(info.DefaultValue, -1);
                }
        }

            // 3. The explicit main.cf values.
            ScanNamespace(values, -1);
        }

        var unused = values.Keys.Where(n => !catalog.Contains(n) && !userDefined.Contains(n)).ToList();
        foreach (var name in unused)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.UnusedParameter, $"{mainCfPath}: unused parameter: {name}={values[name]}", mainLocation));
        }

        var unusedInMaster = new List<string>();
        for (var i = 0; i < services.Count; i++)
        {
            foreach (var (name, value) in services[i] ?? [])
            {
                if (!catalog.Contains(name) && !userDefined.Contains(name) && !valid[i].Contains(name))
                {
                    unusedInMaster.Add(name);
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.UnusedParameter, $"{masterCfPath}: unused parameter: {name}={value}", masterLocation));
                }
            }
        }

        return new UserParameterScan(userDefined, unused, diagnostics, valid, unusedInMaster);
    }

    /// <summary>For each <c>-o</c> name, the services whose (shared) dictionary sets it, in master.cf order.</summary>
    private static Dictionary<string, List<int>> BuildServiceIndex(List<Dictionary<string, string>?> services)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < services.Count; i++)
        {
            foreach (var name in services[i]?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.TryGetValue(name, out var list))
                {
                    index[name] = list = [];
                }

                list.Add(i);
            }
        }

        return index;
    }

    /// <summary>One master.cf service as the scan sees it: its name, process name and shared <c>-o</c> dictionary.</summary>
    internal sealed record ScanService(string Name, string ProcessName, Dictionary<string, string>? Parameters)
    {
        /// <summary>postconf's local lookup: <c>service_name</c>, <c>process_name</c>, then the <c>-o</c> values.</summary>
        public string? Lookup(string name) => name switch
        {
            "service_name" => Name,
            "process_name" => ProcessName,
            _ => Parameters?.GetValueOrDefault(name),
        };
    }

    private sealed class FatalScanException : Exception;
}
