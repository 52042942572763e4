namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net dhparam</c>.</summary>
internal sealed class DhparamCommand : NotYetCommand
{
    public override string Name => "dhparam";

    public override string Summary => "Generate and check DH parameters for Postfix";
}
