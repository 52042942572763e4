using Postfix.Config.Expansion;
using Postfix.Config.Syntax;

namespace Postfix.Config.Catalog;

/// <summary>
/// postconf's view of the names a main.cf defines (<c>postconf_user.c</c>): a name that is not built in counts as a
/// user-defined parameter only when some value uses it as <c>$name</c> (or it is listed in
/// <c>smtpd_restriction_classes</c>); otherwise postconf calls it an unused parameter, and <c>postconf name</c>
/// answers "unknown parameter".
/// </summary>
public sealed class UserParameterScan
{
    private UserParameterScan(IReadOnlySet<string> userDefined, IReadOnlyList<string> unused, IReadOnlyList<Diagnostic> diagnostics)
    {
        UserDefined = userDefined;
        Unused = unused;
        Diagnostics = diagnostics;
    }

    /// <summary>The main.cf names that are not built in but are used, so postconf lists and expands them.</summary>
    public IReadOnlySet<string> UserDefined { get; }

    /// <summary>The main.cf names that are neither built in nor used, in main.cf order (postconf: "unused parameter").</summary>
    public IReadOnlyList<string> Unused { get; }

    /// <summary>
    /// The warnings postconf prints while scanning: <c>undefined parameter</c> (PFC1520) for a <c>$name</c> with no
    /// value and no default, <c>read-only parameter assignment</c> (PFC1533), syntax problems in values (PFC15xx, as
    /// warnings, because postconf only warns while scanning), and <c>unused parameter</c> (PFC1532). An expansion
    /// error in the value of a built-in parameter is an error: postconf expands those values in full at start-up and
    /// stops with <c>fatal: macro processing error</c>, whatever it was asked to do. postconf's own order follows its
    /// hash tables; here it is main.cf order.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether postconf knows <paramref name="name"/>: built in, service, legacy or user-defined.</summary>
    /// <param name="catalog">The catalog the scan was made with.</param>
    /// <param name="name">The parameter name.</param>
    /// <returns>True when postconf would print the parameter.</returns>
    public bool IsKnown(ParameterCatalog catalog, string name) =>
        (catalog ?? throw new ArgumentNullException(nameof(catalog))).Contains(name) || UserDefined.Contains(name);

    /// <summary>Scans a main.cf's explicit values the way postconf does before it prints anything.</summary>
    /// <param name="explicitValues">The main.cf settings (name and raw value, last definition of each name), in file order.</param>
    /// <param name="catalog">The known parameters; <see cref="ParameterCatalog.Postfix37"/> when null.</param>
    /// <param name="mainCfPath">The path used in messages, e.g. <c>/etc/postfix/main.cf</c>.</param>
    /// <returns>The scan result.</returns>
    public static UserParameterScan Run(IReadOnlyList<KeyValuePair<string, string>> explicitValues, ParameterCatalog? catalog = null, string mainCfPath = "main.cf")
    {
        ArgumentNullException.ThrowIfNull(explicitValues);
        catalog ??= ParameterCatalog.Postfix37;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in explicitValues)
        {
            values[name] = value;
        }

        var location = new SourceLocation(mainCfPath, 1, 1);
        var userDefined = new HashSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();

        void Flag(string name)
        {
            if (values.ContainsKey(name))
            {
                if (!catalog.Contains(name))
                {
                    userDefined.Add(name);
                }
            }
            else if (!catalog.Contains(name))
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.UndefinedParameter, $"{mainCfPath}: undefined parameter: {name}", location));
            }
        }

        void ScanValue(string value)
        {
            var scan = MacroExpander.Scan(value, new ExpansionOptions { Location = location });
            foreach (var d in scan.Diagnostics)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, d.Code, d.Message, d.Location));
            }

            foreach (var name in scan.ReferencedNames)
            {
                Flag(name);
            }
        }

        // 1. smtpd_restriction_classes, evaluated against main.cf alone (dict_eval).
        if (values.TryGetValue("smtpd_restriction_classes", out var classes))
        {
            var evaluated = MacroExpander.Expand(classes, n => values.GetValueOrDefault(n)).Value;
            foreach (var name in evaluated.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                Flag(name);
            }
        }

        // 2. Defaults of parameters that main.cf leaves alone (they may refer to old names).
        foreach (var name in catalog.Names)
        {
            if (!values.ContainsKey(name) && catalog.Find(name) is { IsRaw: false } info)
            {
                ScanValue(info.DefaultValue);
            }
        }

        // 3. The explicit values. Built-in ones are also expanded in full (postconf does that to find legacy
        //    database parameters), so an expansion error there is fatal for every postconf command.
        var evaluator = new ParameterEvaluator(n => values.GetValueOrDefault(n), new ParameterEvaluatorOptions { Catalog = catalog, Location = location });
        foreach (var (name, value) in values)
        {
            if (catalog.Find(name) is { } info)
            {
                if (info.IsReadOnly)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.ReadOnlyAssignment, $"{mainCfPath}: read-only parameter assignment: {name}={value}", location));
                    continue;
                }

                if (info.IsRaw)
                {
                    continue;
                }
            }

            ScanValue(value);
            if (catalog.Contains(name))
            {
                diagnostics.AddRange(evaluator.ExpandText(value).Diagnostics);
            }
        }

        var unused = values.Keys.Where(n => !catalog.Contains(n) && !userDefined.Contains(n)).ToList();
        foreach (var name in unused)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.UnusedParameter, $"{mainCfPath}: unused parameter: {name}={values[name]}", location));
        }

        return new UserParameterScan(userDefined, unused, diagnostics);
    }
}
