using System.Text;
using Postfix.Queue;
using Postfix.Queue.Files;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net postcat [-bdehoqrv] [-c config_dir] [-s offset] [files...]</c>: postcat(1) of Postfix 3.7.11 — the same
/// flags, the same bytes on stdout, the same warnings and fatal errors on stderr, the same exit status.
/// </summary>
internal sealed class PostcatCommand : ICommand
{
    private const string Program = "postcat";
    private const string UsageText = "usage: postcat [-b (body text)] [-c config_dir] [-d (decimal record type)] [-e (envelope records)] [-h (header text)] [-q (access queue)] [-v] [file(s)...]";
    private static readonly string[] QueueOrder = ["maildrop", "incoming", "active", "deferred", "hold", "saved"];

    public string Name => "postcat";

    public string Summary => "Show queue files like postcat(1), byte for byte";

    public string Usage => """
        Usage: postfix-net postcat [-bdehoqrv] [-c config_dir] [-s offset] [files...]

        Prints Postfix queue files exactly like postcat(1) of Postfix 3.7.11 (stdout, stderr words,
        exit status), reading the files itself. Without files, reads standard input.
          -b  body text            -h  header text           -e  envelope records
          -d  decimal record types -o  record offsets        -q  arguments are queue IDs
          -r  do not follow pointer records (with -v), read past the end record
          -s  start at this offset -v  raw records (pointer and padding records shown)
          -c  configuration directory (default: $MAIL_CONFIG, else /etc/postfix)

        """;

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var stderr = context.StderrStream;
        await context.Error.FlushAsync(context.CancellationToken);
        void Line(string kind, string text)
        {
            var bytes = EscapedText.ToBytes($"{Program}: {kind}{text}\n");
            stderr.Write(bytes);
            stderr.Flush();
        }

        int Fatal(string text)
        {
            Line("fatal: ", text);
            return 1;
        }

        List<(char Flag, string? Value)> options;
        List<string> operands;
        try
        {
            (options, operands) = new Getopt("bc:dehoqrs:v", stopAtFirstOperand: true).Parse(args, Program);
        }
        catch (UsageException e)
        {
            Line(string.Empty, e.Message[(Program.Length + 2)..]);
            return Fatal(UsageText);
        }

        bool envelope = false, header = false, body = false, offsets = false, decimalTypes = false, raw = false, verbose = false, searchQueue = false;
        long start = 0;
        var configDirectory = context.Environment("MAIL_CONFIG") is { Length: > 0 } env ? env : "/etc/postfix";
        foreach (var (flag, value) in options)
        {
            switch (flag)
            {
                case 'b': body = true; break;
                case 'c': configDirectory = value!; break;
                case 'd': decimalTypes = true; break;
                case 'e': envelope = true; break;
                case 'h': header = true; break;
                case 'o': offsets = true; break;
                case 'q': searchQueue = true; break;
                case 'r': raw = true; break;
                case 'v': verbose = true; break;
                case 's':
                    if (value!.Length == 0 || !value.All(char.IsAsciiDigit))
                    {
                        return Fatal($"bad offset: {value}");
                    }

                    start = long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : long.MaxValue;
                    break;
            }
        }

        var fs = context.FileSystem;
        var mainCf = fs.Path.Combine(configDirectory, "main.cf");
        QueueSpoolSettings settings;
        try
        {
            settings = QueueSpoolSettings.Load(configDirectory, fs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fatal($"open {mainCf}: {Errno.Text(e)}");
        }

        var writer = new PostcatWriter(context.StdoutStream, new PostcatOptions
        {
            SmtputfEnable = settings.SmtputfEnable,
            Envelope = envelope,
            Header = header,
            Body = body,
            Offsets = offsets,
            DecimalTypes = decimalTypes,
            Raw = raw,
            Verbose = verbose,
            StartOffset = start,
            TimeZone = TimeZoneFor(context.Environment("TZ")),
            Warning = text => Line("warning: ", text),
        });
        try
        {
            if (operands.Count == 0)
            {
                writer.Write(context.StdinStream, "stdin", isStandardInput: true);
                return 0;
            }

            if (searchQueue)
            {
                if (!fs.Directory.Exists(settings.QueueDirectory))
                {
                    return Fatal($"chdir {settings.QueueDirectory}: No such file or directory");
                }

                foreach (var id in operands)
                {
                    if (!QueueDirectoryLayout.IsValidQueueId(id))
                    {
                        return Fatal($"bad mail queue ID: {id}");
                    }

                    Stream? stream = null;
                    string? relative = null;
                    Exception? last = null;
                    for (var tries = 0; stream is null && tries < 2; tries++)
                    {
                        foreach (var queue in QueueOrder)
                        {
                            relative = settings.Layout.RelativePath(queue, id);
                            try
                            {
                                stream = fs.FileStream.New(fs.Path.Combine(settings.QueueDirectory, relative), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                                break;
                            }
                            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                            {
                                last = e;
                            }
                        }
                    }

                    if (stream is null)
                    {
                        return Fatal($"open queue file {id}: {Errno.Text(last!)}");
                    }

                    using (stream)
                    {
                        writer.Write(stream, relative!);
                    }
                }

                return 0;
            }

            foreach (var path in operands)
            {
                Stream stream;
                try
                {
                    stream = fs.Directory.Exists(path)
                        ? new MemoryStream([], writable: false)
                        : fs.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Fatal($"open {path}: {Errno.Text(e)}");
                }

                using (stream)
                {
                    writer.Write(stream, path);
                }
            }

            return 0;
        }
        catch (QueueFormatException e)
        {
            return Fatal(e.Message);
        }
    }

    /// <summary>The zone glibc would use for <c>TZ</c>: unset → the local zone; a name it cannot load → UTC.</summary>
    internal static TimeZoneInfo TimeZoneFor(string? tz)
    {
        if (tz is null)
        {
            return TimeZoneInfo.Local;
        }

        var name = tz.StartsWith(':') ? tz[1..] : tz;
        if (name.Length == 0)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

/// <summary>strerror() texts for the errors .NET reports as exceptions.</summary>
internal static class Errno
{
    public static string Text(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}

/// <summary>Text whose non-UTF-8 bytes are kept as U+DC80–U+DCFF back to those bytes.</summary>
internal static class EscapedText
{
    public static byte[] ToBytes(string text) => Postfix.Config.PostfixText.Encode(text);
}
