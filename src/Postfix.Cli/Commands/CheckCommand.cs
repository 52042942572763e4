using Postfix.Config.Syntax;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net check [-c DIR]</c>: runs every checker over a configuration directory and prints each diagnostic as
/// <c>file(line,col): severity CODE: message</c>; exit status 1 when any is an error. When nothing is found it says
/// what it checked (files, parameters, services, tables) and that it found no problem, unless <c>-q</c> is given. Checkers for other files
/// (master.cf, the tables main.cf names) are added to <see cref="Checkers"/>, one class each.
/// </summary>
internal sealed class CheckCommand : ICommand
{
    /// <summary>The checkers, in the order their findings are printed.</summary>
    public static IReadOnlyList<IConfigChecker> Checkers { get; } =
    [
        new MainCfChecker(),
        new MasterCfChecker(),
        new TablesChecker(),
    ];

    public string Name => "check";

    public string Summary => "Check main.cf, master.cf and the tables they name; print every diagnostic";

    public string Usage =>
        "Usage: postfix-net check [-q] [-c config_dir]\n\n"
        + "Checks the Postfix configuration in config_dir (default: $MAIL_CONFIG, else /etc/postfix) the way Postfix\n"
        + "reads it, and prints every problem as FILE(LINE,COLUMN): SEVERITY CODE: MESSAGE. When there is none, it\n"
        + "says what it checked (files, parameters, services, lookup tables); -q: print nothing then.\n"
        + "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors.\n";

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var (options, operands) = new Getopt("c:q").Parse(args, "postfix-net check");
        if (operands.Count > 0)
        {
            throw new UsageException($"postfix-net check: unexpected argument '{operands[0]}'\n{Usage}");
        }

        var directory = options.LastOrDefault(o => o.Flag == 'c').Value ?? context.Environment("MAIL_CONFIG") ?? "/etc/postfix";
        var check = new CheckContext(context.FileSystem, directory, context.CancellationToken);
        var errors = false;
        var found = false;
        foreach (var checker in Checkers)
        {
            foreach (var diagnostic in await checker.CheckAsync(check))
            {
                errors |= diagnostic.Severity == DiagnosticSeverity.Error;
                found = true;
                await context.Out.WriteLineAsync(diagnostic.ToString());
            }
        }

        if (!found && !options.Any(o => o.Flag == 'q'))
        {
            await context.Out.WriteAsync(check.Report.Format(directory));
        }

        return errors ? 1 : 0;
    }
}
