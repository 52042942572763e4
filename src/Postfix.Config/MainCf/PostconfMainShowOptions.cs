namespace Postfix.Config.MainCf;

/// <summary>What <see cref="PostconfMain.Show"/> computes, as the flags of <c>postconf</c> select it.</summary>
public sealed record PostconfMainShowOptions
{
    /// <summary>The configuration directory as given to <c>-c</c> (or <c>MAIL_CONFIG</c>); used in messages and as <c>config_directory</c>.</summary>
    public string ConfigDirectory { get; init; } = "/etc/postfix";

    /// <summary><c>-n</c>: only parameters set in main.cf.</summary>
    public bool NonDefault { get; init; }

    /// <summary><c>-d</c>: default values, main.cf is not read.</summary>
    public bool Defaults { get; init; }

    /// <summary><c>-h</c>: values without <c>name = </c>.</summary>
    public bool HideName { get; init; }

    /// <summary><c>-H</c>: names without values.</summary>
    public bool HideValue { get; init; }

    /// <summary><c>-x</c>: expand <c>$name</c> in values (raw parameters excepted).</summary>
    public bool Expand { get; init; }

    /// <summary><c>-f</c>: fold lines longer than 80 columns with a 4-space indent.</summary>
    public bool Fold { get; init; }

    /// <summary>The <c>-o name=value</c> overrides, in order.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>The parameter names asked for; empty for all.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];
}
