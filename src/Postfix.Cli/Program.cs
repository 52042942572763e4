namespace Postfix.Cli;

/// <summary>The <c>postfix-net</c> entry point.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var context = CliContext.ForConsole(cancel.Token);
        return await CliApplication.RunAsync(args, context);
    }
}
