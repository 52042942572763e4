using System.Reflection;
using Postfix.Cli.Commands;

namespace Postfix.Cli;

/// <summary>Dispatches <c>postfix-net VERB …</c> to its command. Presentation only: the work is in the libraries.</summary>
internal static class CliApplication
{
    /// <summary>
    /// Every verb, in the order <c>--help</c> lists them; in the lean native image only the verbs it runs itself (the
    /// others are handed to the full image before this list is read, and are trimmed out of the lean one).
    /// </summary>
    public static IReadOnlyList<ICommand> Commands { get; } = LeanImage.IsLean ? LeanCommands() : AllCommands();

    internal static ICommand[] LeanCommands() =>
    [
        new PostconfCommand(),
        new PostmapCommand(),
        new PostaliasCommand(),
        new QueueCommand(),
        new PostcatCommand(),
        new QshapeCommand(),
    ];

    private static ICommand[] AllCommands() =>
    [
        new PostconfCommand(),
        new PostmapCommand(),
        new PostaliasCommand(),
        new CheckCommand(),
        new QueueCommand(),
        new PostcatCommand(),
        new QshapeCommand(),
        new FingerprintCommand(),
        new TlsCommand(),
        new DhparamCommand(),
        new RecipeCommand(),
    ];

    public static string Version =>
        typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await context.Out.WriteAsync(HelpText());
            return args.Count == 0 ? 2 : 0;
        }

        if (args[0] is "--version" or "-V")
        {
            await context.Out.WriteLineAsync($"postfix-net {Version}");
            return 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            await context.Error.WriteLineAsync($"postfix-net: unknown command '{args[0]}'. Run 'postfix-net --help' for the list.");
            return 2;
        }

        var rest = args.Skip(1).ToList();
        if (rest.Count == 1 && rest[0] == "--help")
        {
            await context.Out.WriteAsync(command.Usage);
            return 0;
        }

        try
        {
            return await command.RunAsync(context, rest);
        }
        catch (UsageException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync($"postfix-net {command.Name}: cancelled");
            return 130;
        }
        catch (ArgumentException e) when (IsPathError(e))
        {
            // A file name the file system cannot use at all (an embedded NUL from -c, a table name, …): the file APIs
            // reject it with ArgumentException naming their path parameter (matched by name: reading TargetSite is not
            // trim-safe). Found by the CLI argument property test (check -c, postmap -c).
            await context.Error.WriteLineAsync($"postfix-net {command.Name}: unusable file name: {e.Message}");
            return 1;
        }
        catch (Postfix.Queue.PostfixCommandException e)
        {
            // A Postfix program the verb ran failed (for example postconf: no main.cf in the config directory). Found by
            // the CLI argument property test: it used to escape with a stack trace.
            await context.Error.WriteLineAsync($"postfix-net {command.Name}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            var message = e is Postfix.Queue.QueueFormatException q ? Postfix.Cli.Commands.QueueCommand.DiagnosticText(q.Diagnostic) : e.Message;
            await context.Error.WriteLineAsync($"postfix-net {command.Name}: {message}");
            return 1;
        }
    }

    // The file APIs name their path parameter; System.IO.Abstractions' checks throw without a name, with a message about
    // the path ("Illegal characters in path."). Matched by name and words: reading TargetSite is not trim-safe.
    private static bool IsPathError(ArgumentException e) =>
        e.ParamName is "path" or "path1" or "path2" or "path3" or "paths" or "fullPath" or "fileName" or "sourceFileName" or "destFileName" or "destinationFileName"
        || (e.ParamName is null && e.Message.Contains(" path", StringComparison.OrdinalIgnoreCase));

    public static string HelpText()
    {
        var lines = new List<string>
        {
            $"postfix-net {Version} - read, edit and operate Postfix mail servers",
            string.Empty,
            "Usage: postfix-net COMMAND [ARGS...]",
            "       postfix-net COMMAND --help",
            string.Empty,
            "Commands:",
        };
        lines.AddRange(Commands.Select(c => $"  {c.Name,-12} {c.Summary}"));
        lines.Add(string.Empty);
        lines.Add("Options:");
        lines.Add("  --help       show this help");
        lines.Add("  --version    show the version");
        return string.Join('\n', lines) + "\n";
    }
}
