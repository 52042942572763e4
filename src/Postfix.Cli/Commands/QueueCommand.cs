namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net queue</c>.</summary>
internal sealed class QueueCommand : NotYetCommand
{
    public override string Name => "queue";

    public override string Summary => "List, select, summarise and bulk-operate on the mail queue";
}
