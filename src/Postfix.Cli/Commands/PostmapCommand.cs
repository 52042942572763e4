namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net postmap</c>.</summary>
internal sealed class PostmapCommand : NotYetCommand
{
    public override string Name => "postmap";

    public override string Summary => "Lookup-table queries, with the flags of postmap(1)";
}
