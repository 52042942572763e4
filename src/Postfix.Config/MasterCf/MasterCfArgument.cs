using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>
/// One argument after the command field, as the master daemon passes it to the program: a word, or a <c>{ … }</c>
/// group with the outer braces and the whitespace just inside them removed.
/// </summary>
public sealed class MasterCfArgument
{
    internal MasterCfArgument(MasterCfToken token, string rawValue, bool isBraced)
    {
        Token = token;
        RawValue = rawValue;
        IsBraced = isBraced;
    }

    /// <summary>The word as written, with its span.</summary>
    public MasterCfToken Token { get; }

    /// <summary>The argument the program receives.</summary>
    public string Value => ByteText.ToDisplay(RawValue);

    /// <summary>Whether it was written as a <c>{ … }</c> group.</summary>
    public bool IsBraced { get; }

    internal string RawValue { get; }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
