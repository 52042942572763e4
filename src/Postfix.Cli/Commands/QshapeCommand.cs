using System.Globalization;
using System.Text;
using Postfix.Config;
using Postfix.Queue.Summary;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net qshape [-s] [-p] [-m min_subdomains] [-b buckets] [-t bucket_time] [-l] [-w width] [-N count] [-n count]
/// [-c DIR] [queue...]</c>: qshape(1) of Postfix 3.7.11 — the same table on stdout, the same words on stderr (qshape is a
/// Perl script: its messages name it <c>/usr/sbin/qshape</c> and its warnings are Perl's, with their line numbers), the
/// same exit status. The shape itself is <see cref="QueueShape"/>.
/// </summary>
internal sealed class QshapeCommand(TimeProvider? time = null) : ICommand
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private const string Script = "/usr/sbin/qshape";
    private const string Options = "lhc:psw:b:t:m:n:N:";

    private static readonly string UsageText =
        $"Usage: {Script} [ -s ] [ -p ] [ -m <min_subdomains> ] [ -l ]\n" +
        "\t[ -b <bucket_count> ] [ -t <bucket_time> ] [ -w <terminal_width> ]\n" +
        "\t[ -N <batch_msg_count> ] [ -n <batch_top_domains> ]\n" +
        "\t[ -c <config_directory> ] [ <queue_name> ... ]\n" +
        "The 's' option shows sender domain counts.\n" +
        "The 'p' option shows address counts by for parent domains.\n" +
        "Parent domains are shown with a leading '.' before the domain name.\n" +
        "Parent domains are only shown if the domain is not a TLD, and at\n" +
        "least <min_subdomains> (default 5) subdomains are shown in the output.\n\n" +
        "The bucket age ranges in units of <bucket_time> minutes are\n" +
        "[0,1), [1,2), [2,4), [4,8), [8, 16), ... i.e.:\n" +
        "\tthe first bucket is [0, bucket_time) minutes\n" +
        "\tthe second bucket is [bucket_time, 2*bucket_time) minutes\n" +
        "\tthe third bucket is [2*bucket_time, 4*bucket_time) minutes...\n" +
        "'-l' makes the ages linear, the number of buckets shown is <bucket_count>\n\n" +
        "The default summary is for the incoming and active queues. An explicit\n" +
        "list of queue names can be given on the command line. Non-absolute queue\n" +
        "names are interpreted relative to the Postfix queue directory. Use\n" +
        "<config_directory> to specify a non-default Postfix instance.  Values of\n" +
        "the main.cf queue_directory parameter that use variable expansions are\n" +
        "not supported. If necessary, use explicit absolute paths for all queues.\n";

    public string Name => "qshape";

    public string Summary => "Show the queue's shape by domain and age like qshape(1), byte for byte";

    public string Usage => """
        Usage: postfix-net qshape [-s] [-p] [-m min_subdomains] [-b buckets] [-t bucket_time] [-l] [-w width]
                                  [-N batch_msg_count] [-n batch_top_domains] [-c config_dir] [queue...]

        Prints the queue's distribution by domain and message age exactly like qshape(1) of Postfix 3.7.11
        (stdout, stderr words, exit status), reading the queue files itself. Default queues: incoming active.
          -s  sender domains instead of recipient domains
          -p  also parent domains (shown with a leading dot) that have at least -m (default 5) subdomains
          -b  number of age buckets (default 10)       -t  minutes of the first bucket (default 5)
          -l  linear buckets instead of doubling       -w  terminal width (default 80; smaller is ignored)
          -N, -n  on a terminal: interim results every N messages, top n domains (default 1000, 20)
          -c  configuration directory (for queue_directory; default: $MAIL_CONFIG, else /etc/postfix)

        """;

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var stderr = context.StderrStream;
        void Err(string text)
        {
            stderr.Write(PostfixText.Encode(text));
            stderr.Flush();
        }

        void Warn(string text, int line) => Err($"{text} at {Script} line {line}.\n");

        int Die(string? first)
        {
            if (first is not null)
            {
                Err(first);
            }

            Err(UsageText);
            return 255;
        }

        // Getopt::Std::getopts("lhc:psw:b:t:m:n:N:")
        var opts = new Dictionary<char, string?>();
        var argv = args.ToList();
        while (argv.Count > 0 && argv[0].Length >= 2 && argv[0][0] == '-')
        {
            if (argv[0] == "--")
            {
                argv.RemoveAt(0);
                break;
            }

            var first = argv[0][1];
            var rest = argv[0][2..];
            var pos = Options.IndexOf(first, StringComparison.Ordinal);
            if (pos >= 0)
            {
                if (pos + 1 < Options.Length && Options[pos + 1] == ':')
                {
                    argv.RemoveAt(0);
                    string? value = rest;
                    if (rest.Length == 0)
                    {
                        value = argv.Count > 0 ? argv[0] : null;
                        if (argv.Count > 0)
                        {
                            argv.RemoveAt(0);
                        }
                    }

                    opts[first] = value;
                }
                else
                {
                    opts[first] = "1";
                    if (rest.Length == 0)
                    {
                        argv.RemoveAt(0);
                    }
                    else
                    {
                        argv[0] = "-" + rest;
                    }
                }
            }
            else
            {
                return Die($"{Script}: Unknown option: {first}\n");
            }
        }

        if (opts.ContainsKey('h'))
        {
            return Die(null);
        }

        IReadOnlyList<string> queues = argv.Count > 0 ? argv : ["incoming", "active"];
        var queueDirectory = "/";
        if (queues.Any(q => !q.StartsWith('/')))
        {
            var environment = context.Environment;
            if (opts.TryGetValue('c', out var configDirectory))
            {
                environment = name => name == "MAIL_CONFIG" ? configDirectory ?? string.Empty : context.Environment(name);
            }

            var captured = new MemoryStream();
            var sub = new CliContext(new MemoryStream(), captured, stderr, context.FileSystem, environment, context.CancellationToken);
            var status = await new PostconfCommand().RunAsync(sub, ["-h", "queue_directory"]);
            await sub.Out.FlushAsync(context.CancellationToken);
            if (status != 0)
            {
                Err($"{Script}: postconf failed\n");
                return status;
            }

            var qdir = PostfixText.Decode(captured.ToArray());
            if (qdir.EndsWith('\n'))
            {
                qdir = qdir[..^1];
            }

            if (qdir.Contains('$', StringComparison.Ordinal))
            {
                return Die($"{Script}: 'queue_directory' variable expansion not supported: {qdir}\n");
            }

            var fs = context.FileSystem;
            var full = qdir.Length == 0 ? string.Empty : fs.Path.GetFullPath(qdir);
            if (full.Length == 0 || !fs.Directory.Exists(full))
            {
                var notDirectory = full.Length > 0 && fs.File.Exists(full);
                Err($"{Script}: chdir({qdir}): {(notDirectory ? "Not a directory" : "No such file or directory")}\n");
                return notDirectory ? 20 : 2;
            }

            queueDirectory = full;
        }

        // $width = $opts{"w"} if (exists $opts{"w"} && $opts{"w"} > 80); and so on, lines 181-184.
        double? Numeric(char flag, int line)
        {
            if (!opts.TryGetValue(flag, out var text))
            {
                return null;
            }

            if (text is null)
            {
                Warn($"Use of uninitialized value $opts{{\"{flag}\"}} in numeric gt (>)", line);
                return 0;
            }

            var value = PerlNumber.Parse(text, out var clean);
            if (!clean)
            {
                Warn($"Argument \"{PerlNumber.Display(text)}\" isn't numeric in numeric gt (>)", line);
            }

            return value;
        }

        var width = 80.0;
        var buckets = 10.0;
        var tick = 5.0;
        var minsub = 5.0;
        if (Numeric('w', 181) is > 80 and var w)
        {
            width = w;
        }

        if (Numeric('b', 182) is > 0 and var b)
        {
            buckets = b;
        }

        if (Numeric('t', 183) is > 0 and var t)
        {
            tick = t;
        }

        if (Numeric('m', 184) is > 0 and var m)
        {
            minsub = m;
        }

        var terminal = context.StdoutIsTerminal;
        var batchMessages = 0;
        var batchTop = 0;
        if (terminal)
        {
            batchMessages = opts.TryGetValue('N', out var n) ? (int)Math.Clamp(PerlNumber.Parse(n ?? string.Empty, out _), 0, int.MaxValue) : 1000;
            batchTop = opts.TryGetValue('n', out var top) ? (int)Math.Clamp(PerlNumber.Parse(top ?? string.Empty, out _), 0, int.MaxValue) : 20;
        }

        // A fractional bucket count: as many buckets as its whole part, none of them marked open-ended.
        var wholeBuckets = (int)Math.Clamp(Math.Floor(buckets), 1, 100_000);
        var fractional = buckets != Math.Floor(buckets);
        var options = new QueueShapeOptions
        {
            Queues = queues,
            BySender = opts.ContainsKey('s'),
            ParentDomains = opts.ContainsKey('p'),
            MinSubdomains = (int)Math.Clamp(Math.Ceiling(minsub), 1, int.MaxValue),
            BucketCount = wholeBuckets,
            BucketMinutes = tick,
            Linear = opts.ContainsKey('l'),
            Now = _time.GetUtcNow(),
            ProgressInterval = batchMessages,
            Progress = batchMessages > 0 ? shape => Print(context, shape, width, fractional, batchTop, clear: true) : null,
            Problems = problem => Report(problem, opts.ContainsKey('s'), Warn, Err),
        };
        var result = QueueShape.Compute(queueDirectory, options, context.FileSystem);
        Print(context, result, width, fractional, batchTop, clear: batchMessages > 0);
        return 0;
    }

    private static void Report(QueueShapeProblem problem, bool bySender, Action<string, int> warn, Action<string> err)
    {
        switch (problem.Kind)
        {
            case QueueShapeProblemKind.NoRecords:
                warn("Use of uninitialized value $r in string eq", 223);
                warn("Use of uninitialized value $r in string eq", 232);
                warn("Use of uninitialized value $r in string eq", 232);
                break;
            case QueueShapeProblemKind.UnrecognizedFile:
                warn("Use of uninitialized value $qt in subtraction (-)", 282);
                if (bySender)
                {
                    warn("Use of uninitialized value $_ in lc", 294);
                }

                break;
            case QueueShapeProblemKind.NonNumericArrivalTime:
                warn($"Argument \"{PerlNumber.Display(problem.Value ?? string.Empty)}\" isn't numeric in subtraction (-)", 282);
                break;
            case QueueShapeProblemKind.NonNumericPointer:
                warn($"Argument \"{PerlNumber.Display(problem.Value ?? string.Empty)}\" isn't numeric in numeric gt (>)", 250);
                break;
            case QueueShapeProblemKind.NonNumericContentPointer:
                warn($"Argument \"{PerlNumber.Display(problem.Value ?? string.Empty)}\" isn't numeric in numeric gt (>)", 262);
                break;
            case QueueShapeProblemKind.DottedDomainHidden:
                warn("Use of uninitialized value in numeric lt (<)", 367);
                break;
            case QueueShapeProblemKind.QueueNotFound:
                err($"Can't stat {problem.Path}: {problem.Error}\n at {Script} line 375.\n");
                break;
            case QueueShapeProblemKind.DirectoryUnreadable:
                err($"Can't opendir({problem.Path}): {problem.Error}\n at {Script} line 375.\n");
                break;
            default:
                // Not qshape's (it would stop reading the file, or loop): say which file was left out.
                err($"{Script}: warning: {problem.Path}: {problem.Error}: file not counted\n");
                break;
        }
    }

    // qshape's results() and pdomain().
    private static void Print(CliContext context, QueueShape shape, double width, bool fractionalBuckets, int top, bool clear)
    {
        var bucketCount = shape.Buckets.Count;
        var labels = fractionalBuckets
            ? [.. QueueShape.BucketsFor(shape.Options with { BucketCount = bucketCount + 1 }).Take(bucketCount).Select(b => b.Label)]
            : shape.Buckets.Select(b => b.Label).ToList();
        var heads = new List<string>(bucketCount + 1) { "T" };
        heads.AddRange(labels);
        var total = Counts(shape.Total);
        var fields = new int[bucketCount + 1];
        var dw = width;
        for (var i = 0; i <= bucketCount; i++)
        {
            var l = total[i].Length;
            if (heads[i].Length >= l)
            {
                l = heads[i].Length;
            }

            l = l > 2 ? l + 1 : 3;
            fields[i] = l;
            dw -= l;
        }

        if (dw < 18)
        {
            dw = 18;
        }

        var output = new MemoryStream();
        if (clear)
        {
            output.Write("\u001b[H\u001b[2J\u001b[3J"u8);
        }

        void Line(byte[] domain, IReadOnlyList<string> cells)
        {
            var len = domain.Length;
            if (len > dw)
            {
                if (domain[0] == (byte)'.')
                {
                    output.Write(".+"u8);
                    output.Write(Substr(domain, len - dw + 2, dw - 2));
                }
                else
                {
                    output.Write("+"u8);
                    output.Write(Substr(domain, len - dw + 1, dw - 1));
                }
            }
            else
            {
                for (var k = 0; k < (long)(dw - len); k++)
                {
                    output.WriteByte((byte)' ');
                }

                output.Write(domain);
            }

            var text = new StringBuilder();
            for (var i = 0; i < cells.Count; i++)
            {
                text.Append(cells[i].PadLeft(fields[i]));
            }

            text.Append('\n');
            output.Write(Encoding.ASCII.GetBytes(text.ToString()));
        }

        Line([], heads);
        var shown = 0;
        foreach (var row in shape.Rows)
        {
            if (top > 0 && ++shown > top)
            {
                break;
            }

            Line(PostfixText.Encode(row.Domain), Counts(row));
        }

        context.WriteOutBytes(output.ToArray());
    }

    private static List<string> Counts(QueueShapeRow row)
    {
        var list = new List<string>(row.Buckets.Count + 1) { row.Count.ToString(CultureInfo.InvariantCulture) };
        list.AddRange(row.Buckets.Select(c => c.ToString(CultureInfo.InvariantCulture)));
        return list;
    }

    // Perl's substr(EXPR, OFFSET, LENGTH) with numbers truncated to integers.
    private static ReadOnlySpan<byte> Substr(byte[] s, double offset, double length)
    {
        var start = (long)offset;
        var count = (long)length;
        if (start < 0)
        {
            start = Math.Max(0, s.Length + start);
        }

        if (start > s.Length || count <= 0)
        {
            return [];
        }

        return s.AsSpan((int)start, (int)Math.Min(count, s.Length - start));
    }
}

/// <summary>Perl's view of an argument as a number, and how its warnings show a string.</summary>
internal static class PerlNumber
{
    /// <summary>The numeric value (its numeric prefix; 0 if none); <paramref name="clean"/> when all of it is a number.</summary>
    public static double Parse(string text, out bool clean) => Postfix.Queue.Summary.PerlScalar.ToNumber(text, out clean);

    /// <summary>Perl's <c>sv_display()</c>: control characters as <c>^X</c> or <c>\n</c>, at most 56 characters, then <c>...</c>.</summary>
    public static string Display(string text)
    {
        var bytes = PostfixText.Encode(text);
        var d = new List<byte>();
        var s = 0;
        for (; s < bytes.Length && d.Count < 56; s++)
        {
            var ch = bytes[s];
            switch (ch)
            {
                case (byte)'\n': d.AddRange("\\n"u8); break;
                case (byte)'\r': d.AddRange("\\r"u8); break;
                case (byte)'\f': d.AddRange("\\f"u8); break;
                case (byte)'\\': d.AddRange("\\\\"u8); break;
                case 0: d.AddRange("\\0"u8); break;
                default:
                    if (ch >= 0x20 && ch != 0x7f)
                    {
                        d.Add(ch);
                    }
                    else
                    {
                        d.Add((byte)'^');
                        d.Add((byte)(ch ^ 64));
                    }

                    break;
            }
        }

        if (s < bytes.Length)
        {
            d.AddRange("..."u8);
        }

        return PostfixText.Decode([.. d]);
    }
}
