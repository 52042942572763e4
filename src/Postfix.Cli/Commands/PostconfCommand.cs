namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net postconf</c>.</summary>
internal sealed class PostconfCommand : NotYetCommand
{
    public override string Name => "postconf";

    public override string Summary => "Postfix configuration utility, with the flags of postconf(1)";
}
