using System.IO.Abstractions;
using Postfix.Config.Syntax;

namespace Postfix.Queue.Files;

/// <summary>
/// Lists the queue by reading <c>queue_directory</c> itself, the way Postfix's showq does, so it works while Postfix is
/// stopped: the same queues in the same order (directory order, hashed subdirectories entered depth-first), the same
/// files (valid IDs at their computed path, regular, owner mode <c>rwx</c>), the same members as <c>postqueue -j</c>
/// (including each recipient's <c>delay_reason</c> from the defer log). Content is not read unless asked for. Read-only:
/// files are opened for reading and never touched.
/// </summary>
public sealed class QueueSpool
{
    private const int BatchSize = 64;
    private readonly IFileSystem _fs;

    /// <summary>Creates a reader for the queue directory in <paramref name="settings"/>.</summary>
    public QueueSpool(QueueSpoolSettings settings, IFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _fs = fileSystem ?? new FileSystem();
    }

    /// <summary>The settings (queue directory, hashing, null-sender text).</summary>
    public QueueSpoolSettings Settings { get; }

    /// <summary>
    /// The messages, lazily, in showq's order. Files are read ahead in small batches on up to
    /// <see cref="QueueSpoolOptions.Parallelism"/> threads (memory stays bounded by the batch); problems are reported in
    /// queue order on the caller's thread.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">A queue directory cannot be read as this user (the message says which, and who can).</exception>
    public IEnumerable<QueueMessage> Read(QueueSpoolOptions? options = null)
    {
        options ??= new QueueSpoolOptions();
        var parallelism = Math.Max(1, options.Parallelism);
        foreach (var queue in options.Queues)
        {
            var name = queue.ToPostfixName();
            var dir = _fs.Path.Combine(Settings.QueueDirectory, name);
            if (parallelism == 1)
            {
                foreach (var id in Scan(dir, queue != QueueName.Maildrop))
                {
                    var message = ReadOne(queue, name, id, options);
                    if (message is not null)
                    {
                        yield return message;
                    }
                }

                continue;
            }

            foreach (var batch in Scan(dir, queue != QueueName.Maildrop).Chunk(BatchSize))
            {
                var results = new (QueueMessage? Message, List<Diagnostic>? Problems)[batch.Length];
                Parallel.For(0, batch.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
                {
                    List<Diagnostic>? problems = null;
                    var local = options.Problems is null ? options : options with { Problems = d => (problems ??= []).Add(d) };
                    results[i] = (ReadOne(queue, name, batch[i], local), problems);
                });
                foreach (var (message, problems) in results)
                {
                    if (problems is not null && options.Problems is { } report)
                    {
                        problems.ForEach(report);
                    }

                    if (message is not null)
                    {
                        yield return message;
                    }
                }
            }
        }
    }

    /// <summary>Reads one message by queue and ID (null when it is not there, not ready, or has no sender).</summary>
    public QueueMessage? ReadMessage(QueueName queue, QueueId id, QueueSpoolOptions? options = null) =>
        ReadOne(queue, queue.ToPostfixName(), id.Value, options ?? new QueueSpoolOptions());

    /// <summary>
    /// Finds the message with this ID in whichever queue holds it now (the queues of <paramref name="options"/>, in
    /// showq's order), or null when no queue has it. Unlike a missing file, a queue directory that cannot be searched
    /// as this user is an error, never "not there".
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">A queue directory cannot be read as this user (the message says which permission is missing).</exception>
    public QueueMessage? FindMessage(QueueId id, QueueSpoolOptions? options = null)
    {
        options ??= new QueueSpoolOptions();
        foreach (var queue in options.Queues)
        {
            var name = queue.ToPostfixName();
            EnsureReadable(_fs.Path.Combine(Settings.QueueDirectory, name));
            if (ReadOne(queue, name, id.Value, options) is { } message)
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>Throws the clear permission error when <paramref name="dir"/> exists but cannot be listed as this user.</summary>
    private void EnsureReadable(string dir)
    {
        try
        {
            using var probe = _fs.Directory.EnumerateFileSystemEntries(dir).GetEnumerator();
            _ = probe.MoveNext();
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (UnauthorizedAccessException e)
        {
            throw PermissionDenied(dir, e);
        }
    }

    private UnauthorizedAccessException PermissionDenied(string dir, Exception inner)
    {
        string mode;
        try
        {
#pragma warning disable CA1416 // Postfix queues exist on Unix only.
            mode = "mode " + Convert.ToString((int)_fs.File.GetUnixFileMode(dir), 8).PadLeft(4, '0');
#pragma warning restore CA1416
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            mode = "mode unknown";
        }

        return new UnauthorizedAccessException(
            $"cannot read queue directory {dir}: Permission denied: reading the queue needs read and search (r-x) permission on {dir} ({mode}), which only root and the mail owner (mail_owner, usually 'postfix') have; run as root or as the mail owner",
            inner);
    }

    private IEnumerable<string> Scan(string dir, bool recurse)
    {
        IEnumerable<string> entries;
        try
        {
            entries = _fs.Directory.EnumerateFileSystemEntries(dir);
            using var probe = entries.GetEnumerator();
            _ = probe.MoveNext();
        }
        catch (DirectoryNotFoundException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException e)
        {
            throw PermissionDenied(dir, e);
        }

        foreach (var entry in entries)
        {
            var name = _fs.Path.GetFileName(entry);
            if (recurse && name.Length == 1 && _fs.Directory.Exists(entry))
            {
                foreach (var inner in Scan(entry, recurse))
                {
                    yield return inner;
                }

                continue;
            }

            yield return name;
        }
    }

    private QueueMessage? ReadOne(QueueName queue, string queueName, string id, QueueSpoolOptions options)
    {
        if (!QueueDirectoryLayout.IsValidQueueId(id))
        {
            return null;
        }

        var relative = Settings.Layout.RelativePath(queueName, id);
        var path = _fs.Path.Combine(Settings.QueueDirectory, relative);
        // One lstat: existence, type and link-ness (no readlink); the attributes are -1 when there is nothing there.
        var info = _fs.FileInfo.New(path);
        var attributes = info.Attributes;
        if ((int)attributes == -1)
        {
            return null;
        }

        if ((attributes & (FileAttributes.ReparsePoint | FileAttributes.Directory)) != 0)
        {
            Report(options, path, "PFQ3101", $"{relative}: not a regular file");
            return null;
        }

        // FileInfo.UnixFileMode of the abstraction wrapper reads as None; ask the file system (lstat already showed no link).
        UnixFileMode mode;
        try
        {
#pragma warning disable CA1416 // Postfix queues exist on Unix only.
            mode = _fs.File.GetUnixFileMode(path);
#pragma warning restore CA1416
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Gone since the lstat above: qmgr moved it (active -> deferred) or it was delivered; showq skips it too.
            return null;
        }

        if ((mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute))
        {
            return null;
        }

        QueueFile file;
        try
        {
            using var stream = WhileLocked(() => _fs.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1));
            file = QueueFile.Load(stream, new QueueFileOptions { ReadHeaders = options.ReadHeaders, Path = relative });
            file.SourceFileSystem = _fs;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(options, path, "PFQ3102", $"open {queueName} {id}: {(e is UnauthorizedAccessException ? "Permission denied" : e.Message)}");
            return null;
        }

        foreach (var d in file.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            options.Problems?.Invoke(new Diagnostic(DiagnosticSeverity.Warning, "PFQ3103", d.Message, d.Location));
        }

        if (file.RecipientBeforeSender)
        {
            Report(options, path, "PFQ3106", $"{id}: missing sender address");
            return null;
        }

        if (file.Sender is null)
        {
            return null;
        }

        var size = info.Length;
        if (file.RawSizeRecord is { } raw)
        {
            if (QueueSizeRecord.IsShowqSize(raw, out var first))
            {
                size = first;
            }
            else
            {
                Report(options, path, "PFQ3104", $"{id}: malformed size record: {QueueText.Decode(ShowqText.Printable(raw.AsSpan(0, Math.Min(100, raw.Length)), Settings.SmtputfEnable))} -- using file size instead");
            }
        }

        if (!QueueId.TryParse(id, out var qid))
        {
            Report(options, path, "PFQ3107", $"{relative}: not a queue ID this library can represent");
            return null;
        }

        var utf8 = Settings.SmtputfEnable;
        var senderBytes = file.Sender.Length == 0 ? QueueText.Encode(Settings.EmptyAddressRecipient) : QueueText.Encode(file.Sender);
        var sender = QueueText.Decode(ShowqText.Printable(ShowqText.QuoteLocal(senderBytes), utf8));
        if (file.RecipientsBeforeDuplicateSender is not null)
        {
            Report(options, path, "PFQ3105", $"{id}: duplicate sender address: {sender} -- skipping remainder of this file");
        }

        var recipients = new List<QueueRecipient>();
        HashSet<string>? seen = null;
        IReadOnlyList<DeferLogEntry>? log;
        var logPath = _fs.Path.Combine(Settings.QueueDirectory, Settings.Layout.RelativePath("defer", id));
        try
        {
            log = WhileLocked(() => DeferLog.Load(logPath, _fs, utf8));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(options, logPath, "PFQ3102", $"open defer {id}: {(e is UnauthorizedAccessException ? "Permission denied" : e.Message)} -- listing its recipients without reasons");
            log = null;
        }
        if (log is not null)
        {
            seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in log)
            {
                if (Settings.DuplicateFilterLimit == 0 || seen.Count < Settings.DuplicateFilterLimit)
                {
                    seen.Add(entry.Recipient);
                }

                recipients.Add(new QueueRecipient(entry.Recipient, entry.Reason));
            }
        }

        var pending = file.Recipients.Where(r => r.Status == QueueRecipientStatus.Pending);
        if (file.RecipientsBeforeDuplicateSender is { } limit)
        {
            pending = pending.Take(limit);
        }

        foreach (var r in pending)
        {
            var bytes = QueueText.Encode(r.Address);
            if (bytes.Length == 0)
            {
                bytes = QueueText.Encode(Settings.EmptyAddressRecipient);
            }

            var address = QueueText.Decode(ShowqText.Printable(ShowqText.QuoteLocal(bytes), utf8));
            if (seen is null || !seen.Contains(address))
            {
                recipients.Add(new QueueRecipient(address));
            }
        }

        var arrival = file.ArrivalSeconds > 0 ? file.ArrivalSeconds : new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds();
        return new QueueMessage
        {
            Id = qid,
            Queue = queue,
            ForcedExpire = (mode & UnixFileMode.GroupExecute) != 0,
            Size = size,
            ArrivalTime = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(arrival, -62135596800L, 253402300799L)),
            ArrivalTimeIsExact = true,
            Sender = sender,
            IsNullSender = file.Sender.Length == 0,
            Recipients = recipients,
            File = file,
            FilePath = path,
        };
    }

    /// <summary>
    /// Runs an open that .NET refuses while a Postfix daemon holds its exclusive flock on the file (.NET takes a shared
    /// flock when it opens for reading; Postfix locks queue files and logs while it writes them, for milliseconds): tries
    /// again for up to about 2 seconds, then lets the error through.
    /// </summary>
    private static T WhileLocked<T>(Func<T> open)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return open();
            }
            catch (IOException e) when (attempt < 80 && e is not (FileNotFoundException or DirectoryNotFoundException) && e.GetType() == typeof(IOException))
            {
                Thread.Sleep(25);
            }
        }
    }

    private static void Report(QueueSpoolOptions options, string path, string code, string message) =>
        options.Problems?.Invoke(QueueFile.Problem(path, 0, code, message, DiagnosticSeverity.Warning));
}
