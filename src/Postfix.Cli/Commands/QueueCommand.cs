using System.Globalization;
using System.Text.RegularExpressions;
using Postfix.Config.Processes;
using Postfix.Queue;
using Postfix.Queue.Files;
using Postfix.Queue.Operations;
using Postfix.Queue.Reading;
using Postfix.Queue.Selection;
using Postfix.Queue.Summary;
using Postfix.Queue.Writing;

namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net queue list|delete|hold|release|requeue|expire|summary</c>.</summary>
internal sealed class QueueCommand : ICommand
{
    private const int ProgressThreshold = 1000;

    private readonly IProcessRunner? _runner;

    public QueueCommand(IProcessRunner? runner = null) => _runner = runner;

    public string Name => "queue";

    public string Summary => "List, select, summarise and bulk-operate on the mail queue";

    public string Usage => """
        Usage: postfix-net queue list    [-c DIR | --input FILE | --spool] [--format text|json|ids] [SELECTION...]
               postfix-net queue delete  [-c DIR] [--input FILE | --spool] [SELECTION...] [--dry-run] [--verify]
               postfix-net queue hold|release|requeue|expire  (same options as delete)
               postfix-net queue summary [-c DIR | --input FILE] [SELECTION...]

        Reads the live queue with postqueue -j (postqueue -p before Postfix 3.1), or a saved
        mailq / postqueue -p / postqueue -j listing (--input FILE, - for stdin). Operations stream
        bare, validated queue IDs to one postsuper -X - process per batch and report every ID.

        Selection (all given must match; --queue and --id may be repeated and match any):
          --null-sender              bounces and notices (sender shown as empty_address_recipient)
          --sender ADDR              --sender-domain DOMAIN
          --recipient ADDR           --recipient-domain DOMAIN
          --reason TEXT              a recipient's reason contains TEXT (case-insensitive)
          --reason-regex REGEX       a recipient's reason matches REGEX (.NET syntax, 1 s limit)
          --queue NAME               maildrop, incoming, active, deferred or hold
          --forced-expire            messages forced to expire (#)
          --older-than AGE           --younger-than AGE   (AGE: 90s, 30m, 12h, 3d, 1w)
          --min-size BYTES           --max-size BYTES
          --id QUEUEID
        Content selections (need --spool; read the queue files, never postcat):
          --header 'NAME: REGEX'     --subject REGEX          --body REGEX (streamed, first 10 MB)
          --sasl-username USER       --client ADDR|CIDR|NAME  --helo NAME
          --attribute NAME=VALUE

        Options:
          -c DIR, --config DIR       Postfix configuration directory (default: $MAIL_CONFIG)
          --input FILE               read a saved listing instead of the live queue
          --spool                    read queue_directory itself (works while Postfix is stopped;
                                     changes still go through postsuper)
          --format text|json|ids     list output: mailq layout, postqueue -j lines, or bare IDs
          --layout short|long        text output column layout (default: from the first ID)
          --lenient                  report and skip malformed listing entries instead of failing
          --dry-run                  report what would be done, do nothing
          --verify                   re-read right before acting; skip IDs whose message changed
                                     (with --spool: moved queue, recipients done, file replaced)
          --batch-size N             IDs per postsuper process (default 10000)

        Example (the MAILER-DAEMON cleanup, including active and held bounces):
          postfix-net queue delete --null-sender

        """;

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("postfix-net queue: missing subcommand (list, delete, hold, release, requeue, expire, summary)");
        }

        var verb = args[0];
        var parsed = QueueArguments.Parse(args.Skip(1).ToList(), context);
        switch (verb)
        {
            case "list":
                return await ListAsync(context, parsed);
            case "summary":
                return await SummaryAsync(context, parsed);
            case "delete":
                return await OperateAsync(context, parsed, QueueOperation.Delete);
            case "hold":
                return await OperateAsync(context, parsed, QueueOperation.Hold);
            case "release":
                return await OperateAsync(context, parsed, QueueOperation.Release);
            case "requeue":
                return await OperateAsync(context, parsed, QueueOperation.Requeue);
            case "expire":
                return await OperateAsync(context, parsed, QueueOperation.Expire);
            default:
                throw new UsageException($"postfix-net queue: unknown subcommand '{verb}'");
        }
    }

    private static string OutcomeText(QueueOperation operation, QueueOperationOutcome outcome) => outcome switch
    {
        QueueOperationOutcome.Done => operation switch
        {
            QueueOperation.Delete => "removed",
            QueueOperation.Hold => "placed on hold",
            QueueOperation.Release => "released from hold",
            QueueOperation.Requeue => "requeued",
            _ => "expired",
        },
        QueueOperationOutcome.NotFound => "not found",
        QueueOperationOutcome.Rejected => "rejected",
        QueueOperationOutcome.Changed => "skipped (changed)",
        QueueOperationOutcome.NotProcessed => "not processed",
        QueueOperationOutcome.Unknown => "unknown",
        _ => "would " + operation.ToString().ToLowerInvariant(),
    };

    private PostfixInstance Instance(QueueArguments parsed) => new(parsed.ConfigDirectory, _runner ?? ProcessRunner.Instance);

    private async IAsyncEnumerable<QueueMessage> SourceAsync(CliContext context, QueueArguments parsed, Stream? replay = null)
    {
        var options = ReaderOptions(context, parsed);
        if (parsed.Spool)
        {
            var configDirectory = parsed.ConfigDirectory ?? "/etc/postfix";
            var settings = QueueSpoolSettings.Load(configDirectory, context.FileSystem);
            var spool = new QueueSpool(settings, context.FileSystem);
            var spoolOptions = new QueueSpoolOptions
            {
                ReadHeaders = (parsed.Selection.Content & (QueueContentNeed.Headers | QueueContentNeed.Body)) != 0,
                Problems = d => context.Error.WriteLine($"postfix-net queue: warning: {d.Location.Path}: {d.Message}"),
            };
            foreach (var message in spool.Read(spoolOptions))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                yield return message;
            }

            yield break;
        }

        if (parsed.Input is null)
        {
            await foreach (var message in Instance(parsed).ListAsync(options, context.CancellationToken))
            {
                yield return message;
            }

            yield break;
        }

        var stream = replay ?? (parsed.Input == "-" ? context.StdinStream : context.FileSystem.File.OpenRead(parsed.Input));
        try
        {
            await foreach (var message in QueueListingReader.ReadAsync(stream, options, context.CancellationToken))
            {
                yield return message;
            }
        }
        finally
        {
            if (parsed.Input != "-")
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static QueueReaderOptions ReaderOptions(CliContext context, QueueArguments parsed) => new()
    {
        Mode = parsed.Lenient ? QueueReadMode.Lenient : QueueReadMode.Strict,
        Diagnostics = parsed.Lenient ? d => context.Error.WriteLine($"postfix-net queue: {DiagnosticText(d)}") : null,
    };

    /// <summary>A saved text listing opened for the header-only fast path, or null (stdin, JSON, or no input file).</summary>
    private static System.IO.Abstractions.FileSystemStream? OpenTextListing(CliContext context, QueueArguments parsed)
    {
        if (parsed.Input is null || parsed.Input == "-")
        {
            return null;
        }

        var stream = context.FileSystem.FileStream.New(parsed.Input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            return null;
        }

        if (FirstNonBlankByte(stream.Read) == '{')
        {
            stream.Dispose();
            return null;
        }

        stream.Seek(0, SeekOrigin.Begin);
        return stream;
    }

    /// <summary>The first byte that is not a space, tab, CR or LF (-1 at the end): '{' means postqueue -j lines.</summary>
    private static int FirstNonBlankByte(Func<byte[], int, int, int> read, MemoryStream? seen = null)
    {
        var buffer = new byte[4096];
        int n;
        while ((n = read(buffer, 0, buffer.Length)) > 0)
        {
            seen?.Write(buffer, 0, n);
            foreach (var b in buffer.AsSpan(0, n))
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
                {
                    return b;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// <c>list --format ids --null-sender</c> from a saved text listing: the byte scanner. A regular (seekable) file is
    /// scanned by segments on every core, through the context's file system; standard input and pipes stream through
    /// one scanner. Returns false for JSON input: the general path then reads <paramref name="replay"/> (the bytes
    /// already peeked at plus the rest of a stream that cannot be reopened), or opens the file again when it is null.
    /// </summary>
    private static bool TryWriteNullSenderIds(CliContext context, QueueArguments parsed, out Stream? replay)
    {
        replay = null;
        var options = ReaderOptions(context, parsed);
        Stream? file = null;
        if (parsed.Input != "-")
        {
            file = context.FileSystem.FileStream.New(parsed.Input!, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (file.CanSeek)
            {
                using (file)
                {
                    if (FirstNonBlankByte(file.Read) == '{')
                    {
                        return false;
                    }
                }

                MailqNullSenderScanner.WriteIdsParallel(parsed.Input!, context.StdoutStream, Environment.ProcessorCount, context.FileSystem, options, context.CancellationToken);
                return true;
            }
        }

        // Peek: text streams through the byte scanner, JSON goes the general way.
        var source = file ?? context.StdinStream;
        var seen = new MemoryStream();
        var first = FirstNonBlankByte(source.Read, seen);
        seen.Position = 0;
        var input = new QueueInputStream(seen, source, ownsRest: file is not null);
        if (first == '{')
        {
            replay = input;
            return false;
        }

        using (input)
        {
            MailqNullSenderScanner.WriteIds(input, context.StdoutStream, options, context.CancellationToken);
        }

        return true;
    }

    private async Task<int> ListAsync(CliContext context, QueueArguments parsed)
    {
        var selection = parsed.Selection;
        await using var output = new StreamWriter(context.StdoutStream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        Stream? replay = null;
        if (parsed.Format == "ids" && parsed.OnlyNullSender && parsed.Input is not null && !parsed.Spool)
        {
            await output.FlushAsync(context.CancellationToken);
            if (TryWriteNullSenderIds(context, parsed, out replay))
            {
                return 0;
            }
        }

        if (replay is null && !parsed.Spool && parsed.Format == "ids" && !selection.RequiresRecipients && OpenTextListing(context, parsed) is { } listing)
        {
            await using (listing)
            {
                foreach (var message in MailqTextReader.ReadHeaders(listing, ReaderOptions(context, parsed), context.CancellationToken))
                {
                    if (selection.Matches(message))
                    {
                        output.Write(message.Id.Value);
                        output.Write('\n');
                    }
                }
            }

            return 0;
        }

        MailqTextWriter? text = null;
        var spoolLayout = parsed.Spool && parsed.Format == "text" ? (QueueSpoolSettings.Load(parsed.ConfigDirectory ?? "/etc/postfix", context.FileSystem).LongQueueIds ? MailqLayout.Long : MailqLayout.Short) : (MailqLayout?)null;
        await foreach (var message in SourceAsync(context, parsed, replay))
        {
            if (!selection.Matches(message))
            {
                continue;
            }

            switch (parsed.Format)
            {
                case "ids":
                    output.Write(message.Id.Value);
                    output.Write('\n');
                    break;
                case "json":
                    output.Write(PostqueueJsonWriter.Format(message));
                    output.Write('\n');
                    break;
                default:
                    text ??= new MailqTextWriter(output, parsed.Layout ?? spoolLayout ?? (message.Id.IsLong ? MailqLayout.Long : MailqLayout.Short));
                    text.Write(message);
                    break;
            }
        }

        if (parsed.Format == "text")
        {
            (text ?? new MailqTextWriter(output, parsed.Layout ?? spoolLayout ?? MailqLayout.Short)).Complete();
        }

        return 0;
    }

    private async Task<int> SummaryAsync(CliContext context, QueueArguments parsed)
    {
        var summary = await QueueSummary.CreateAsync(parsed.Selection.FilterAsync(SourceAsync(context, parsed)), DateTimeOffset.UtcNow, null, context.CancellationToken);
        await context.Out.WriteAsync(QueueSummaryText.Format(summary));
        return 0;
    }

    private async Task<int> OperateAsync(CliContext context, QueueArguments parsed, QueueOperation operation)
    {
        if (parsed.Format != "text")
        {
            throw new UsageException("postfix-net queue: --format applies to list only");
        }

        var selected = new List<QueueMessage>();
        await foreach (var message in SourceAsync(context, parsed))
        {
            if (parsed.Selection.Matches(message))
            {
                selected.Add(message);
            }
        }

        var progress = selected.Count >= ProgressThreshold ? new StderrProgress(context.Error, operation) : null;
        var options = new QueueOperationOptions
        {
            DryRun = parsed.DryRun,
            VerifyBeforeActing = parsed.Verify,
            Spool = parsed.Spool ? new QueueSpool(QueueSpoolSettings.Load(parsed.ConfigDirectory ?? "/etc/postfix", context.FileSystem), context.FileSystem) : null,
            BatchSize = parsed.BatchSize,
            Progress = progress,
        };
        QueueOperationReport report;
        PostfixCommandException? failure = null;
        try
        {
            report = await new QueueOperations(Instance(parsed)).RunOnMessagesAsync(operation, selected, parsed.Selection, options, context.CancellationToken);
        }
        catch (PostfixCommandException e) when (e.Report is not null)
        {
            // postsuper failed part-way: the report still says, for every ID, what the queue shows.
            report = e.Report;
            failure = e;
        }

        foreach (var result in report.Results)
        {
            var detail = result.Outcome is QueueOperationOutcome.Changed or QueueOperationOutcome.NotProcessed or QueueOperationOutcome.Unknown && result.Detail is not null ? $": {result.Detail}" : string.Empty;
            await context.Out.WriteAsync($"{result.Id}: {OutcomeText(operation, result.Outcome)}{detail}\n");
        }

        foreach (var warning in report.Warnings)
        {
            await context.Error.WriteLineAsync($"postfix-net queue: {warning}");
        }

        var incomplete = report.Count(QueueOperationOutcome.NotProcessed) + report.Count(QueueOperationOutcome.Unknown) > 0
            ? $", {report.Count(QueueOperationOutcome.NotProcessed)} not processed, {report.Count(QueueOperationOutcome.Unknown)} unknown"
            : string.Empty;
        await context.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"postfix-net queue {operation.ToString().ToLowerInvariant()}: {report.Results.Count} selected, {report.Count(QueueOperationOutcome.Done)} done, {report.Count(QueueOperationOutcome.NotFound)} not found, {report.Count(QueueOperationOutcome.Changed)} changed, {report.Count(QueueOperationOutcome.Rejected)} rejected{incomplete}{(report.DryRun ? " (dry run)" : string.Empty)}"));
        if (failure is not null)
        {
            await context.Error.WriteLineAsync($"postfix-net queue: {failure.Message}");
            return 1;
        }

        return report.Count(QueueOperationOutcome.Rejected) > 0 ? 1 : 0;
    }

    /// <summary>How the queue verbs print a listing diagnostic: <c>line N: error CODE: message: line</c>.</summary>
    internal static string DiagnosticText(Postfix.Config.Syntax.Diagnostic diagnostic) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {diagnostic.Location.Line}: error {diagnostic.Code}: {diagnostic.Message}");

    private sealed class StderrProgress : IProgress<QueueOperationProgress>
    {
        private readonly TextWriter _error;
        private readonly QueueOperation _operation;

        public StderrProgress(TextWriter error, QueueOperation operation)
        {
            _error = error;
            _operation = operation;
        }

        public void Report(QueueOperationProgress value) =>
            _error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"postfix-net queue {_operation.ToString().ToLowerInvariant()}: {value.Processed}/{value.Total} IDs ({value.Done} done)"));
    }
}

/// <summary>The parsed options of <c>postfix-net queue</c>.</summary>
internal sealed class QueueArguments
{
    public string? ConfigDirectory { get; private set; }

    public string? Input { get; private set; }

    public string Format { get; private set; } = "text";

    public MailqLayout? Layout { get; private set; }

    public bool Lenient { get; private set; }

    /// <summary>Read the queue directory itself (works while Postfix is stopped).</summary>
    public bool Spool { get; private set; }

    public bool DryRun { get; private set; }

    public bool Verify { get; private set; }

    public int BatchSize { get; private set; } = 10_000;

    public QueueSelection Selection { get; private set; } = QueueSelection.All;

    /// <summary>The selection is exactly <c>--null-sender</c> (the byte-scanning fast path applies).</summary>
    public bool OnlyNullSender { get; private set; }

    public static QueueArguments Parse(IReadOnlyList<string> args, CliContext context)
    {
        var result = new QueueArguments();
        var queues = new List<QueueSelection>();
        var ids = new List<QueueSelection>();
        var selection = QueueSelection.All;
        QueueSelection? nullSender = null;
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            else if (arg.StartsWith("-c", StringComparison.Ordinal) && arg.Length > 2)
            {
                inline = arg[2..];
                arg = "-c";
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"postfix-net queue: option {arg} needs a value");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-c" or "--config":
                    var directory = Value();
                    if (directory.Length == 0 || directory.Contains('\0', StringComparison.Ordinal))
                    {
                        // Found by the CLI argument property test: Path.GetFullPath threw ArgumentException.
                        throw new UsageException($"postfix-net queue: bad configuration directory '{directory}'");
                    }

                    result.ConfigDirectory = Path.GetFullPath(directory);
                    break;
                case "--input":
                    result.Input = Value();
                    if (result.Input.Length == 0 || result.Input.Contains('\0', StringComparison.Ordinal))
                    {
                        // Found by the CLI argument property test: opening "" threw ArgumentException.
                        throw new UsageException($"postfix-net queue: bad input file '{result.Input}'");
                    }

                    break;
                case "--format":
                    result.Format = Value() switch
                    {
                        "text" => "text",
                        "json" => "json",
                        "ids" => "ids",
                        var f => throw new UsageException($"postfix-net queue: unknown format '{f}' (text, json or ids)"),
                    };
                    break;
                case "--layout":
                    result.Layout = Value() switch
                    {
                        "short" => MailqLayout.Short,
                        "long" => MailqLayout.Long,
                        var l => throw new UsageException($"postfix-net queue: unknown layout '{l}' (short or long)"),
                    };
                    break;
                case "--lenient":
                    result.Lenient = true;
                    break;
                case "--spool":
                    result.Spool = true;
                    break;
                case "--header":
                    var header = Value();
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0)
                    {
                        throw new UsageException("postfix-net queue: --header needs 'NAME: REGEX'");
                    }

                    selection &= Regex(() => QueueSelection.Header(header[..colon].Trim(), header[(colon + 1)..].TrimStart(' ', '\t'), RegexTimeout), "--header");
                    break;
                case "--subject":
                    var subject = Value();
                    selection &= Regex(() => QueueSelection.Subject(subject, RegexTimeout), "--subject");
                    break;
                case "--body":
                    var body = Value();
                    selection &= Regex(() => QueueSelection.Body(body, RegexTimeout), "--body");
                    break;
                case "--sasl-username":
                    selection &= QueueSelection.SaslUsername(Value());
                    break;
                case "--client":
                    selection &= QueueSelection.Client(Value());
                    break;
                case "--helo":
                    selection &= QueueSelection.Helo(Value());
                    break;
                case "--attribute":
                    var attribute = Value();
                    var eqAt = attribute.IndexOf('=', StringComparison.Ordinal);
                    if (eqAt <= 0)
                    {
                        throw new UsageException("postfix-net queue: --attribute needs NAME=VALUE");
                    }

                    selection &= QueueSelection.Attribute(attribute[..eqAt], attribute[(eqAt + 1)..]);
                    break;
                case "--dry-run":
                    result.DryRun = true;
                    break;
                case "--verify":
                    result.Verify = true;
                    break;
                case "--batch-size":
                    result.BatchSize = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0
                        ? b
                        : throw new UsageException("postfix-net queue: --batch-size needs a positive number");
                    break;
                case "--null-sender":
                    nullSender ??= QueueSelection.NullSender();
                    selection &= nullSender;
                    break;
                case "--sender":
                    selection &= QueueSelection.Sender(Value());
                    break;
                case "--sender-domain":
                    selection &= QueueSelection.SenderDomain(Value());
                    break;
                case "--recipient":
                    selection &= QueueSelection.Recipient(Value());
                    break;
                case "--recipient-domain":
                    selection &= QueueSelection.RecipientDomain(Value());
                    break;
                case "--reason":
                    selection &= QueueSelection.ReasonContains(Value());
                    break;
                case "--reason-regex":
                    try
                    {
                        selection &= QueueSelection.ReasonMatches(Value(), TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException e)
                    {
                        throw new UsageException($"postfix-net queue: bad --reason-regex: {e.Message}");
                    }

                    break;
                case "--queue":
                    var name = Value();
                    queues.Add(QueueNames.TryParse(name, out var q)
                        ? QueueSelection.InQueue(q)
                        : throw new UsageException($"postfix-net queue: unknown queue '{name}' (maildrop, incoming, active, deferred, hold)"));
                    break;
                case "--forced-expire":
                    selection &= QueueSelection.ForcedExpired();
                    break;
                case "--older-than":
                    selection &= QueueSelection.OlderThan(Age(Value()), now);
                    break;
                case "--younger-than":
                    selection &= QueueSelection.YoungerThan(Age(Value()), now);
                    break;
                case "--min-size":
                    selection &= QueueSelection.LargerThan(Size(Value()) - 1);
                    break;
                case "--max-size":
                    selection &= QueueSelection.NotLargerThan(Size(Value()));
                    break;
                case "--id":
                    var id = Value();
                    ids.Add(QueueId.TryParse(id, out var qid)
                        ? QueueSelection.WithId(qid)
                        : throw new UsageException($"postfix-net queue: not a queue ID: '{id}'"));
                    break;
                default:
                    throw new UsageException($"postfix-net queue: unknown option '{args[i]}'");
            }
        }

        if (queues.Count > 0)
        {
            selection &= queues.Aggregate(QueueSelection.Or);
        }

        if (selection.Content != QueueContentNeed.None && !result.Spool)
        {
            throw new UsageException("postfix-net queue: content selections (--header, --subject, --body, --sasl-username, --client, --helo, --attribute) need --spool");
        }

        if (ids.Count > 0)
        {
            selection &= ids.Aggregate(QueueSelection.Or);
        }

        if (result.ConfigDirectory is null && result.Input is null && context.Environment("MAIL_CONFIG") is { Length: > 0 } env)
        {
            result.ConfigDirectory = Path.GetFullPath(env);
        }

        result.Selection = selection;
        result.OnlyNullSender = nullSender is not null && ReferenceEquals(selection, nullSender);
        return result;
    }

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private static QueueSelection Regex(Func<QueueSelection> make, string option)
    {
        try
        {
            return make();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"postfix-net queue: bad {option} regex: {e.Message}");
        }
    }

    private static TimeSpan Age(string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text, "^([0-9]{1,9})([smhdw]?)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success)
        {
            throw new UsageException($"postfix-net queue: bad age '{text}' (examples: 90s, 30m, 12h, 3d, 1w)");
        }

        var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(n * 7),
            _ => TimeSpan.FromSeconds(n),
        };
    }

    private static long Size(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"postfix-net queue: bad size '{text}' (bytes)");
}

/// <summary>Text form of a <see cref="QueueSummary"/>, in the manner of qshape.</summary>
internal static class QueueSummaryText
{
    public static string Format(QueueSummary summary)
    {
        var b = new System.Text.StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        b.Append(inv, $"{summary.Messages} messages, {summary.Recipients} recipients, {summary.Bytes / 1024} Kbytes\n\n");
        var headers = new List<string> { "T" };
        headers.AddRange(summary.Buckets.Select(t => ((long)t.TotalMinutes).ToString(inv)));
        headers.Add(((long)summary.Buckets[^1].TotalMinutes).ToString(inv) + "+");
        var rows = summary.ByRecipientDomain.Select(kv => (Key: kv.Key.Length == 0 ? "(no domain)" : kv.Key, Counts: kv.Value))
            .OrderByDescending(r => r.Counts.Sum()).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var total = new long[summary.Buckets.Count + 1];
        foreach (var row in rows)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += row.Counts[i];
            }
        }

        var width = Math.Max(20, rows.Count == 0 ? 0 : rows.Max(r => r.Key.Length));
        b.Append("Recipients by domain and age (minutes):\n");
        b.Append(new string(' ', width));
        foreach (var h in headers)
        {
            b.Append(' ').Append(h.PadLeft(6));
        }

        b.Append('\n');
        void Row(string key, long[] counts)
        {
            b.Append(key.PadLeft(width));
            b.Append(' ').Append(counts.Sum().ToString(inv).PadLeft(6));
            foreach (var c in counts)
            {
                b.Append(' ').Append(c.ToString(inv).PadLeft(6));
            }

            b.Append('\n');
        }

        Row("TOTAL", total);
        foreach (var row in rows)
        {
            Row(row.Key, row.Counts);
        }

        Section(b, "Messages by sender", summary.BySender);
        Section(b, "Recipients by reason", summary.ByReason.ToDictionary(kv => kv.Key.Length == 0 ? "(no reason)" : kv.Key, kv => kv.Value, StringComparer.Ordinal));
        Section(b, "Messages by queue", summary.ByQueue);
        return b.ToString();
    }

    private static void Section(System.Text.StringBuilder b, string title, IReadOnlyDictionary<string, long> counts)
    {
        b.Append('\n').Append(title).Append(":\n");
        foreach (var (key, count) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            b.Append(count.ToString(CultureInfo.InvariantCulture).PadLeft(8)).Append("  ").Append(key).Append('\n');
        }
    }
}
