namespace Postfix.Cli.Commands;

/// <summary>Base for verbs whose implementation has not landed yet: they say so on stderr and exit 3.</summary>
internal abstract class NotYetCommand : ICommand
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    public virtual string Usage => $"Usage: postfix-net {Name} ...\n\n{Summary}\n";

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        await context.Error.WriteLineAsync($"postfix-net {Name}: not available in this build yet");
        return 3;
    }
}
