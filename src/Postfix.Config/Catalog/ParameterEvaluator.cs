using System.Globalization;
using System.Text;
using Postfix.Config.Expansion;

namespace Postfix.Config.Catalog;

/// <summary>
/// Effective parameter values of one configuration: explicit values (from main.cf, supplied as a function) over the
/// catalog's defaults, with host-dependent defaults computed as Postfix computes them, and <c>$</c> expansion exactly
/// like <c>postconf -x</c>.
/// </summary>
public sealed class ParameterEvaluator
{
    private readonly Func<string, string?> explicitValues;
    private readonly ParameterEvaluatorOptions options;
    private readonly PostfixHost host;
    private readonly Dictionary<string, string> computed = new(StringComparer.Ordinal);

    /// <summary>Creates an evaluator.</summary>
    /// <param name="explicitValues">
    /// The raw value set in main.cf for a name (last definition wins), or null when main.cf does not set it.
    /// </param>
    /// <param name="options">Catalog, host and mode; defaults when null.</param>
    public ParameterEvaluator(Func<string, string?> explicitValues, ParameterEvaluatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(explicitValues);
        this.explicitValues = explicitValues;
        this.options = options ?? new ParameterEvaluatorOptions();
        host = this.options.Host ?? PostfixHost.Current;
    }

    /// <summary>An evaluator of the defaults alone, like <c>postconf -d</c>.</summary>
    /// <param name="catalog">The catalog; <see cref="ParameterCatalog.Postfix37"/> when null.</param>
    /// <param name="host">The host; <see cref="PostfixHost.Current"/> when null.</param>
    /// <returns>The evaluator.</returns>
    public static ParameterEvaluator ForDefaults(ParameterCatalog? catalog = null, PostfixHost? host = null) =>
        new(_ => null, new ParameterEvaluatorOptions { Catalog = catalog ?? ParameterCatalog.Postfix37, Host = host, DefaultsOnly = true });

    /// <summary>The catalog in use.</summary>
    public ParameterCatalog Catalog => options.Catalog;

    /// <summary>
    /// The value main.cf sets, as postconf sees it: null in defaults-only mode, and for read-only parameters
    /// (postconf drops such assignments); <c>config_directory</c> falls back to <see cref="ParameterEvaluatorOptions.ConfigDirectory"/>.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The explicit raw value, or null.</returns>
    public string? GetExplicitValue(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (options.DefaultsOnly || Catalog.Find(name) is { IsReadOnly: true })
        {
            return null;
        }

        var value = explicitValues(name);
        if (value is null && name == "config_directory")
        {
            value = options.ConfigDirectory;
        }

        return value;
    }

    /// <summary>
    /// The default of a known parameter (null for an unknown name), computing host-dependent defaults
    /// (<c>myhostname</c>, <c>mydomain</c>, <c>mynetworks</c>, <c>process_id</c>) like postconf does.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The raw default, or null.</returns>
    public string? GetDefault(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Catalog.Find(name) is not { } info)
        {
            return null;
        }

        if (!info.IsHostDependent)
        {
            return info.DefaultValue;
        }

        lock (computed)
        {
            if (computed.TryGetValue(name, out var cached))
            {
                return cached;
            }
        }

        var value = name switch
        {
            "myhostname" => ComputeMyHostname(),
            "mydomain" => ComputeMyDomain(),
            "mynetworks" => ComputeMyNetworks(),
            "process_id" => host.ProcessId.ToString(CultureInfo.InvariantCulture),
            _ => info.DefaultValue,
        };
        lock (computed)
        {
            computed[name] = value;
        }

        return value;
    }

    /// <summary>The effective raw value: the explicit value, else the default; null when neither exists.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The raw value, or null.</returns>
    public string? GetRawValue(string name) => GetExplicitValue(name) ?? GetDefault(name);

    /// <summary>
    /// The value of <paramref name="name"/> expanded like <c>postconf -xh name</c>: recursively, with undefined names
    /// expanding to empty; raw parameters (<see cref="ParameterInfo.IsRaw"/>) come back unexpanded. An unknown
    /// name with no explicit value gives an empty value and Postfix's <c>unknown parameter</c> warning.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The expansion result.</returns>
    public ExpansionResult Expand(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var raw = GetRawValue(name);
        if (raw is null)
        {
            return ExpansionResult.Verbatim(string.Empty, Catalog.CheckName(name, options.Location));
        }

        if (Catalog.Find(name) is { IsRaw: true })
        {
            return ExpansionResult.Verbatim(raw, []);
        }

        return ExpandText(raw);
    }

    /// <summary>Expands arbitrary text in this configuration, the way <c>postconf -x</c> expands a value.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The expansion result.</returns>
    public ExpansionResult ExpandText(string text) =>
        MacroExpander.Expand(text, GetRawValue, new ExpansionOptions { Location = options.Location });

    /// <summary>
    /// What <c>postconf -d</c> prints (<paramref name="expand"/>: <c>-dx</c>; <paramref name="namesOnly"/>:
    /// <c>-dH</c>) for this evaluator's catalog, byte for byte, as one string of LF-terminated lines.
    /// </summary>
    /// <param name="expand">Expand each value like <c>-x</c>.</param>
    /// <param name="namesOnly">Print only the names, like <c>-H</c>.</param>
    /// <returns>The listing.</returns>
    public string FormatAll(bool expand = false, bool namesOnly = false)
    {
        var builder = new StringBuilder();
        foreach (var name in Catalog.Names)
        {
            if (namesOnly)
            {
                builder.Append(PostconfFormatter.Normalize(name));
                continue;
            }

            var value = expand ? Expand(name).Value : GetRawValue(name) ?? string.Empty;
            builder.Append(PostconfFormatter.FormatLine(name, value));
        }

        return builder.ToString();
    }

    /// <summary>
    /// A main.cf value evaluated the way Postfix's <c>mail_conf_lookup_eval()</c> does: main.cf alone, expanded
    /// against main.cf alone. postconf uses this for the host-dependent defaults.
    /// </summary>
    private string? ExplicitEvaluated(string name)
    {
        if (options.DefaultsOnly || GetExplicitValue(name) is not { } value)
        {
            return null;
        }

        return MacroExpander.Expand(value, GetExplicitValue).Value;
    }

    private string ComputeMyHostname()
    {
        var name = host.HostName;
        return name.Contains('.', StringComparison.Ordinal) ? name : name + "." + (ExplicitEvaluated("mydomain") ?? "localdomain");
    }

    private string ComputeMyDomain()
    {
        var hostname = ExplicitEvaluated("myhostname") ?? ComputeMyHostname();
        var dot = hostname.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? "localdomain" : hostname[(dot + 1)..];
    }

    private string ComputeMyNetworks()
    {
        string Setting(string name) => ExplicitEvaluated(name) ?? ExpandText(Catalog.Find(name)?.DefaultValue ?? string.Empty).Value;
        return MyNetworks.Compute(host, Setting("inet_interfaces"), Setting("mynetworks_style"), Setting("inet_protocols"));
    }
}
