namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net check</c>.</summary>
internal sealed class CheckCommand : NotYetCommand
{
    public override string Name => "check";

    public override string Summary => "Check main.cf, master.cf and the tables they name; print every diagnostic";
}
