namespace Postfix.Cli.Commands;

/// <summary>A parsed and checked postconf command line.</summary>
/// <param name="Flags">The mode bits, after postconf's implicit additions (<c>-p</c>, <c>-e</c> for <c>name=value</c>).</param>
/// <param name="ConfigDirectory">The configuration directory (<c>-c</c>, else <c>MAIL_CONFIG</c>, else <c>/etc/postfix</c>).</param>
/// <param name="Operands">The arguments after the options.</param>
/// <param name="Overrides">The <c>-o name=value</c> arguments, in order.</param>
/// <param name="ParamClass">The <c>-C</c> argument (<c>all</c> when not given).</param>
internal sealed record PostconfRequest(
    PostconfMode Flags,
    string ConfigDirectory,
    IReadOnlyList<string> Operands,
    IReadOnlyList<string> Overrides,
    string ParamClass)
{
    /// <summary>The main.cf path as postconf names it in messages.</summary>
    public string MainCfPath => ConfigDirectory + "/main.cf";

    /// <summary>The master.cf path as postconf names it in messages.</summary>
    public string MasterCfPath => ConfigDirectory + "/master.cf";
}
