namespace Postfix.Config.MasterCf;

/// <summary>Modifiers of a <c>postconf -M/-F/-P</c> display.</summary>
public sealed record PostconfMasterShowOptions
{
    /// <summary>The configuration directory as given to <c>-c</c> (or <c>MAIL_CONFIG</c>); used in messages and as <c>config_directory</c>.</summary>
    public string ConfigDirectory { get; init; } = "/etc/postfix";

    /// <summary>What to show.</summary>
    public PostconfMasterShowKind Kind { get; init; } = PostconfMasterShowKind.Entries;

    /// <summary><c>-f</c>: fold long lines the way postconf writes master.cf.</summary>
    public bool Fold { get; init; }

    /// <summary><c>-h</c>: show values only (<c>-F</c>, <c>-P</c>).</summary>
    public bool HideName { get; init; }

    /// <summary><c>-H</c>: show names only (<c>-F</c>, <c>-P</c>).</summary>
    public bool HideValue { get; init; }

    /// <summary>
    /// <c>-x</c>: expand <c>$name</c> in <c>-o</c> values. Called with the service and the raw value; returns the
    /// expanded value. Null shows values as written.
    /// </summary>
    internal Func<MasterCfServiceScope, string, string>? Expand { get; init; }

    /// <summary>
    /// <c>-x</c> for the display that reads main.cf too: expand <c>$name</c> in <c>-o</c> values over the service's
    /// own <c>-o</c> values, main.cf and the defaults, exactly as postconf does.
    /// </summary>
    public bool ExpandValues { get; init; }

    /// <summary>
    /// Tells whether a parameter name is known to Postfix (built-in, service-defined or user-defined); <c>-o</c>
    /// names that are not get postconf's "unused parameter" warning. Null skips that check.
    /// </summary>
    internal Func<MasterCfServiceScope, string, bool>? IsKnownParameter { get; init; }
}
