using System.Runtime.InteropServices;

namespace Postfix.Cli;

/// <summary>The <c>postfix-net</c> entry point.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // The lean native image hands what it does not carry to the full one before anything else runs.
        if (LeanImage.IsLean && LeanImage.NeedsFullImage(args, CliApplication.Commands))
        {
            return LeanImage.ExecFullImage(args);
        }

        using var cancel = new CancellationTokenSource();

        // SIGINT cancels the running command. A signal registration, not Console.CancelKeyPress: that one sets up the
        // terminal (terminfo and all) at start-up, which costs a short command more than its own work.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, e =>
        {
            e.Cancel = true;
            cancel.Cancel();
        });
        var context = CliContext.ForConsole(cancel.Token);
        return await CliApplication.RunAsync(args, context);
    }
}
