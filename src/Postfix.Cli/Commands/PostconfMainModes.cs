namespace Postfix.Cli.Commands;

/// <summary>The main.cf displays of <c>postfix-net postconf</c> (<c>-n</c>, <c>-d</c>, <c>-h</c>, <c>-x</c>, names).</summary>
internal static class PostconfMainModes
{
    public static Task<int> ShowAsync(CliContext context, PostconfRequest request, PostconfOutput output)
    {
        output.Fatal("main.cf displays need the parameter catalog, which is not in this build yet");
        return Task.FromResult(1);
    }
}
