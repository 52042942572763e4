using Postfix.Config.Syntax;

namespace Postfix.Config.Catalog;

/// <summary>How a <see cref="ParameterEvaluator"/> finds defaults and reports problems.</summary>
public sealed record ParameterEvaluatorOptions
{
    /// <summary>The catalog of known parameters and defaults. Default: <see cref="ParameterCatalog.Postfix37"/>.</summary>
    public ParameterCatalog Catalog { get; init; } = ParameterCatalog.Postfix37;

    /// <summary>The host that host-dependent defaults are computed for. Default: <see cref="PostfixHost.Current"/>.</summary>
    public PostfixHost? Host { get; init; }

    /// <summary>
    /// Ignore the explicit values and use only defaults, like <c>postconf -d</c> (which also leaves main.cf out of the
    /// computed <c>myhostname</c>/<c>mydomain</c>/<c>mynetworks</c>). Default false.
    /// </summary>
    public bool DefaultsOnly { get; init; }

    /// <summary>
    /// The configuration directory, which postconf <c>-c DIR</c> (and <c>MAIL_CONFIG</c>) enters as the value of
    /// <c>config_directory</c> unless main.cf sets it. Null: <c>config_directory</c> keeps its default.
    /// </summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>Where values come from, for diagnostics. Default <c>main.cf(1,1)</c>.</summary>
    public SourceLocation Location { get; init; } = new("main.cf", 1, 1);
}
