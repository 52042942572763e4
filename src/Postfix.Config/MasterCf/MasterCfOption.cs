using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>
/// A <c>-o name=value</c> daemon option: short form (<c>-o name=value</c>, <c>-oname=value</c>) or long form
/// (<c>-o { name = value }</c>), with the tokens it came from.
/// </summary>
public sealed class MasterCfOption
{
    internal MasterCfOption(MasterCfToken optionToken, MasterCfToken valueToken, string rawName, string rawValue, bool isLongForm, bool isGlued)
    {
        OptionToken = optionToken;
        ValueToken = valueToken;
        RawName = rawName;
        RawValue = rawValue;
        IsLongForm = isLongForm;
        IsGlued = isGlued;
    }

    /// <summary>The word that holds <c>-o</c> (the same as <see cref="ValueToken"/> when glued: <c>-oname=value</c>).</summary>
    public MasterCfToken OptionToken { get; }

    /// <summary>The word that holds <c>name=value</c> (or the <c>{ … }</c> group).</summary>
    public MasterCfToken ValueToken { get; }

    /// <summary>The parameter name.</summary>
    public string Name => ByteText.ToDisplay(RawName);

    /// <summary>The value (not <c>$</c>-expanded).</summary>
    public string Value => ByteText.ToDisplay(RawValue);

    /// <summary>Whether the option uses the <c>{ name = value }</c> form.</summary>
    public bool IsLongForm { get; }

    /// <summary>Whether the value is glued to the option letter (<c>-oname=value</c>).</summary>
    public bool IsGlued { get; }

    internal string RawName { get; }

    internal string RawValue { get; }

    /// <inheritdoc/>
    public override string ToString() => Name + "=" + Value;
}
