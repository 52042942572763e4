namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net postconf</c>.</summary>
internal sealed class PostconfCommand : ICommand
{
    public string Name => "postconf";

    public string Summary => "Postfix configuration utility, with the flags of postconf(1)";

    public string Usage => $"Usage: postfix-net {Name} ...\n\n{Summary}\n";

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        // master.cf modes (-M, -F, -P and their edits) live in PostconfMasterModes.
        if (PostconfMasterModes.Handles(args))
        {
            return await PostconfMasterModes.RunAsync(context, args);
        }

        await context.Error.WriteLineAsync($"postfix-net {Name}: not available in this build yet");
        return 3;
    }
}
