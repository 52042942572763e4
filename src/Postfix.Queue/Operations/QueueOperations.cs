using System.Text;
using Postfix.Queue.Processes;
using Postfix.Queue.Selection;

namespace Postfix.Queue.Operations;

/// <summary>
/// Bulk <c>postsuper</c> operations that never touch the wrong message: bare, validated, de-duplicated IDs are streamed
/// to one <c>postsuper -X -</c> process per batch (never a status mark, never anything that is not a queue ID), and
/// postsuper's stderr is read back into a result per ID.
/// </summary>
public sealed class QueueOperations
{
    private readonly PostfixInstance _instance;

    /// <summary>Operations on <paramref name="instance"/>.</summary>
    public QueueOperations(PostfixInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _instance = instance;
    }

    /// <summary>Lists the live queue, selects, and runs <paramref name="operation"/> on the selected messages.</summary>
    /// <exception cref="PostfixCommandException">postqueue, postconf or postsuper failed.</exception>
    /// <exception cref="QueueFormatException">The listing could not be read.</exception>
    /// <exception cref="NotSupportedException">Expire on Postfix before 3.5.</exception>
    public async Task<QueueOperationReport> RunAsync(QueueOperation operation, QueueSelection selection, QueueOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var items = new List<Item>();
        await foreach (var message in _instance.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (selection.Matches(message))
            {
                items.Add(Item.From(message));
            }
        }

        return await ExecuteAsync(operation, items, selection, options ?? new QueueOperationOptions(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="operation"/> on these messages (the safety check can compare them with the live queue).</summary>
    /// <exception cref="PostfixCommandException">postsuper (or, with the safety check, postqueue) failed.</exception>
    /// <exception cref="NotSupportedException">Expire on Postfix before 3.5.</exception>
    public Task<QueueOperationReport> RunOnMessagesAsync(QueueOperation operation, IEnumerable<QueueMessage> messages, QueueOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return ExecuteAsync(operation, [.. messages.Select(Item.From)], null, options ?? new QueueOperationOptions(), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on messages selected with <paramref name="selection"/> (e.g. read from the queue
    /// directory); the safety check skips a message that no longer matches it.
    /// </summary>
    /// <exception cref="PostfixCommandException">postsuper (or, with the safety check, postqueue) failed; its <see cref="PostfixCommandException.Report"/> is true for every ID.</exception>
    /// <exception cref="UnauthorizedAccessException">The safety check or the reconciliation could not read the queue directory (<see cref="QueueOperationOptions.Spool"/>).</exception>
    /// <exception cref="NotSupportedException">Expire on Postfix before 3.5.</exception>
    public Task<QueueOperationReport> RunOnMessagesAsync(QueueOperation operation, IEnumerable<QueueMessage> messages, QueueSelection selection, QueueOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(selection);
        return ExecuteAsync(operation, [.. messages.Select(Item.From)], selection, options ?? new QueueOperationOptions(), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on IDs given as text. Text that is not a bare queue ID (a status mark, blanks,
    /// anything else) is reported <see cref="QueueOperationOutcome.Rejected"/> and never reaches postsuper.
    /// </summary>
    /// <exception cref="PostfixCommandException">postsuper failed.</exception>
    /// <exception cref="InvalidOperationException">The safety check was asked for: it needs messages, not bare IDs.</exception>
    /// <exception cref="NotSupportedException">Expire on Postfix before 3.5.</exception>
    public Task<QueueOperationReport> RunOnIdsAsync(QueueOperation operation, IEnumerable<string> ids, QueueOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        options ??= new QueueOperationOptions();
        if (options.VerifyBeforeActing)
        {
            throw new InvalidOperationException("the safety check needs the selected messages, not bare IDs");
        }

        return ExecuteAsync(operation, [.. ids.Select(Item.FromText)], null, options, cancellationToken);
    }

    /// <summary>The postsuper flag for an operation.</summary>
    public static string Flag(QueueOperation operation) => operation switch
    {
        QueueOperation.Delete => "-d",
        QueueOperation.Hold => "-h",
        QueueOperation.Release => "-H",
        QueueOperation.Requeue => "-r",
        QueueOperation.Expire => "-e",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private static string DoneVerb(QueueOperation operation) => operation switch
    {
        QueueOperation.Delete => "removed",
        QueueOperation.Hold => "placed on hold",
        QueueOperation.Release => "released from hold",
        QueueOperation.Requeue => "requeued",
        QueueOperation.Expire => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private async Task<QueueOperationReport> ExecuteAsync(QueueOperation operation, List<Item> items, QueueSelection? selection, QueueOperationOptions options, CancellationToken cancellationToken)
    {
        _ = Flag(operation);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        if (options.VerifyBeforeActing && items.Any(i => i.Message is null && i.Id.HasValue))
        {
            throw new InvalidOperationException("the safety check needs the selected messages, not bare IDs");
        }

        var results = new QueueOperationResult?[items.Count];
        var pending = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!item.Id.HasValue)
            {
                if (seen.Add("\0" + item.Text))
                {
                    results[i] = new QueueOperationResult(item.Text, QueueOperationOutcome.Rejected, "not a queue ID");
                }
            }
            else if (seen.Add(item.Text))
            {
                pending.Add(i);
            }
        }

        var warnings = new List<string>();
        long postsuperCount = 0;
        long processed = 0;
        long done = 0;
        if (!options.DryRun && operation == QueueOperation.Expire && pending.Count > 0)
        {
            var settings = await _instance.GetSettingsAsync(cancellationToken).ConfigureAwait(false);
            if (!settings.SupportsExpire)
            {
                throw new NotSupportedException($"postsuper -e needs Postfix 3.5 or later; this is {settings.MailVersion}");
            }
        }

        PostfixCommandException? failure = null;
        foreach (var batch in pending.Chunk(options.BatchSize))
        {
            if (failure is not null)
            {
                foreach (var i in batch)
                {
                    results[i] = new QueueOperationResult(items[i].Text, QueueOperationOutcome.NotProcessed, "not sent: postsuper failed on an earlier batch");
                }

                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (options.DryRun)
            {
                foreach (var i in batch)
                {
                    results[i] = new QueueOperationResult(items[i].Text, QueueOperationOutcome.WouldDo);
                }
            }
            else
            {
                var send = !options.VerifyBeforeActing ? batch
                    : options.Spool is { } spool ? VerifyFromSpool(spool, items, batch, selection, results)
                    : await VerifyAsync(items, batch, selection, results, cancellationToken).ConfigureAwait(false);
                if (send.Length > 0)
                {
                    var outcome = await RunPostsuperAsync(operation, items, send, results, warnings, options, cancellationToken).ConfigureAwait(false);
                    postsuperCount += outcome.Count;
                    done += outcome.Done;
                    failure = outcome.Failure;
                }
            }

            processed += batch.Length;
            options.Progress?.Report(new QueueOperationProgress(processed, pending.Count, done));
        }

        var list = new List<QueueOperationResult>(items.Count);
        foreach (var r in results)
        {
            if (r is not null)
            {
                list.Add(r);
            }
        }

        var report = new QueueOperationReport(operation, options.DryRun, list, warnings, postsuperCount);
        if (failure is not null)
        {
            throw new PostfixCommandException(failure.Program, failure.ExitCode, failure.StandardError) { Report = report };
        }

        return report;
    }

    private async Task<int[]> VerifyAsync(List<Item> items, int[] batch, QueueSelection? selection, QueueOperationResult?[] results, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<QueueId, int>();
        foreach (var i in batch)
        {
            wanted[items[i].Id] = i;
        }

        var current = new Dictionary<QueueId, QueueMessage>();
        await foreach (var message in _instance.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (wanted.ContainsKey(message.Id))
            {
                current[message.Id] = message;
            }
        }

        var send = new List<int>(batch.Length);
        foreach (var i in batch)
        {
            var item = items[i];
            if (!current.TryGetValue(item.Id, out var now))
            {
                results[i] = new QueueOperationResult(item.Text, QueueOperationOutcome.Changed, "no longer in the queue");
            }
            else if (!item.SameMessage(now))
            {
                results[i] = new QueueOperationResult(item.Text, QueueOperationOutcome.Changed, "the ID now belongs to a different message");
            }
            else if (selection is not null && !selection.Matches(now))
            {
                results[i] = new QueueOperationResult(item.Text, QueueOperationOutcome.Changed, "no longer matches the selection");
            }
            else
            {
                send.Add(i);
            }
        }

        return [.. send];
    }

    private async Task<(long Count, long Done, PostfixCommandException? Failure)> RunPostsuperAsync(QueueOperation operation, List<Item> items, int[] batch, QueueOperationResult?[] results, List<string> warnings, QueueOperationOptions options, CancellationToken cancellationToken)
    {
        var args = new List<string> { Flag(operation), "-" };
        if (options.RestrictToQueues is { Count: > 0 } queues)
        {
            args.AddRange(queues.Distinct().Select(q => q.ToPostfixName()));
        }

        var byId = new Dictionary<string, int>(batch.Length, StringComparer.Ordinal);
        var input = new StringBuilder(batch.Length * 17);
        foreach (var i in batch)
        {
            var id = items[i].Id;
            byId[id.Value] = i;
            input.Append(id.Value).Append('\n');
        }

        var process = _instance.Start("postsuper", args);
        await using var owned = process.ConfigureAwait(false);
        var stderrTask = ReadStderrAsync(process.StandardError, cancellationToken);
        try
        {
            await process.StandardInput.WriteAsync(Encoding.ASCII.GetBytes(input.ToString()), cancellationToken).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // postsuper exited early (a fatal error); its stderr and exit code tell why.
        }

        await process.StandardInput.DisposeAsync().ConfigureAwait(false);
        var lines = await stderrTask.ConfigureAwait(false);
        var exit = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

        var verb = DoneVerb(operation);
        long count = 0;
        long done = 0;
        foreach (var line in lines)
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var text = colon >= 0 && !line.AsSpan(0, colon).Contains(' ') ? line[(colon + 2)..] : line;
            if (text.StartsWith("warning: invalid mail queue id: ", StringComparison.Ordinal)
                && byId.TryGetValue(text["warning: invalid mail queue id: ".Length..], out var rejected))
            {
                results[rejected] = new QueueOperationResult(items[rejected].Text, QueueOperationOutcome.Rejected, text);
                continue;
            }

            if (TryParseSummary(text, out var n))
            {
                count += n;
                continue;
            }

            var sep = text.IndexOf(": ", StringComparison.Ordinal);
            if (sep > 0 && string.Equals(text[(sep + 2)..], verb, StringComparison.Ordinal) && byId.TryGetValue(text[..sep], out var index))
            {
                results[index] = new QueueOperationResult(items[index].Text, QueueOperationOutcome.Done);
                done++;
                continue;
            }

            warnings.Add(line);
        }

        if (exit != 0)
        {
            // postsuper was killed or died: a line "ID: verb" is printed after the change, so those are done; for the
            // others only the queue can tell (the change may have happened just before the end).
            foreach (var i in batch)
            {
                if (results[i] is null)
                {
                    results[i] = Reconcile(operation, items[i], options.Spool, exit);
                    if (results[i]!.Outcome == QueueOperationOutcome.Done)
                    {
                        done++;
                    }
                }
            }

            return (count, done, new PostfixCommandException("postsuper", exit, string.Join('\n', lines)));
        }

        foreach (var i in batch)
        {
            results[i] ??= new QueueOperationResult(items[i].Text, QueueOperationOutcome.NotFound);
        }

        if (count != done)
        {
            warnings.Add($"postsuper counted {count} but reported {done} IDs");
        }

        return (count, done, null);
    }

    /// <summary>
    /// After an abnormal postsuper exit: what the queue says about one ID that postsuper did not report. Done only when
    /// the message is in the operation's end state and, from what was selected, was not in it before; NotProcessed
    /// when it is still not in the end state; otherwise Unknown.
    /// </summary>
    private static QueueOperationResult Reconcile(QueueOperation operation, Item item, Files.QueueSpool? spool, int exit)
    {
        var why = $"postsuper ended abnormally (exit status {exit}) without reporting this ID";
        if (spool is null)
        {
            return new QueueOperationResult(item.Text, QueueOperationOutcome.Unknown, why + "; the queue directory was not given to check it");
        }

        QueueMessage? now;
        try
        {
            now = spool.FindMessage(item.Id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new QueueOperationResult(item.Text, QueueOperationOutcome.Unknown, $"{why}; the queue could not be read: {e.Message}");
        }

        var before = item.Message?.Queue;
        QueueOperationResult Result(QueueOperationOutcome outcome, string state) => new(item.Text, outcome, $"{why}; the queue shows it {state}");
        if (now is null)
        {
            return operation == QueueOperation.Delete && before is not null
                ? Result(QueueOperationOutcome.Done, "deleted")
                : Result(QueueOperationOutcome.Unknown, "gone");
        }

        var where = "in " + now.Queue!.Value.ToPostfixName();
        var reached = operation switch
        {
            QueueOperation.Delete => false,
            QueueOperation.Hold => now.Queue == QueueName.Hold,
            QueueOperation.Release => now.Queue != QueueName.Hold,
            QueueOperation.Requeue => now.Queue == QueueName.Maildrop,
            _ => now.ForcedExpire,
        };
        if (!reached)
        {
            return Result(QueueOperationOutcome.NotProcessed, where + " as before");
        }

        var wasThere = operation switch
        {
            QueueOperation.Hold => before == QueueName.Hold,
            QueueOperation.Release => before is not null && before != QueueName.Hold,
            QueueOperation.Requeue => before == QueueName.Maildrop,
            _ => item.Message?.ForcedExpire == true,
        };
        return before is null || wasThere
            ? Result(QueueOperationOutcome.Unknown, where + ", which it may have been before")
            : Result(QueueOperationOutcome.Done, operation == QueueOperation.Expire ? "forced to expire" : where);
    }

    /// <summary>
    /// The safety check against the queue files: the message must still be in the same queue, be the same message
    /// (arrival, sender, size), have the same recipients still to deliver and the same expire mark, and still match
    /// the selection.
    /// </summary>
    private static int[] VerifyFromSpool(Files.QueueSpool spool, List<Item> items, int[] batch, QueueSelection? selection, QueueOperationResult?[] results)
    {
        var options = new Files.QueueSpoolOptions { ReadHeaders = selection is not null && (selection.Content & (QueueContentNeed.Headers | QueueContentNeed.Body)) != 0 };
        var send = new List<int>(batch.Length);
        foreach (var i in batch)
        {
            var item = items[i];
            var now = spool.FindMessage(item.Id, options);
            string? changed = null;
            if (now is null)
            {
                changed = "no longer in the queue";
            }
            else if (item.Message?.Queue is { } queue && now.Queue != queue)
            {
                changed = $"moved from {queue.ToPostfixName()} to {now.Queue!.Value.ToPostfixName()}";
            }
            else if (!item.SameMessage(now))
            {
                changed = "the ID now belongs to a different message";
            }
            else if (!item.SameRecipients(now))
            {
                changed = "its recipients changed (delivered, bounced or added)";
            }
            else if (item.Message!.ForcedExpire != now.ForcedExpire)
            {
                changed = "it was forced to expire";
            }
            else if (selection is not null && !selection.Matches(now))
            {
                changed = "no longer matches the selection";
            }

            if (changed is null)
            {
                send.Add(i);
            }
            else
            {
                results[i] = new QueueOperationResult(item.Text, QueueOperationOutcome.Changed, changed);
            }
        }

        return [.. send];
    }

    private static bool TryParseSummary(string text, out long count)
    {
        count = 0;
        string[] kinds = ["Requeued: ", "Deleted: ", "Force-expired: ", "Placed on hold: ", "Released from hold: "];
        foreach (var kind in kinds)
        {
            if (!text.StartsWith(kind, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = text.AsSpan(kind.Length);
            var space = rest.IndexOf(' ');
            return space > 0
                && (rest[space..].SequenceEqual(" message") || rest[space..].SequenceEqual(" messages"))
                && long.TryParse(rest[..space], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count);
        }

        return false;
    }

    private static async Task<List<string>> ReadStderrAsync(Stream stream, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private sealed class Item
    {
        private Item(string text, QueueId id, QueueMessage? message, string[]? recipients = null, string[]? pending = null)
        {
            Text = text;
            Id = id;
            Message = message;
            Recipients = recipients;
            Pending = pending;
        }

        public string Text { get; }

        public QueueId Id { get; }

        /// <summary>What was selected (kept light: arrival, sender and size are what the safety check compares).</summary>
        public QueueMessage? Message { get; }

        /// <summary>The recipients as listed when selected (sorted addresses), or null when not known.</summary>
        public string[]? Recipients { get; }

        /// <summary>The queue file's recipients not yet done when selected (sorted), or null when the file was not read.</summary>
        public string[]? Pending { get; }

        public static Item From(QueueMessage message) => new(
            message.Id.Value,
            message.Id,
            new QueueMessage
            {
                Id = message.Id,
                Queue = message.Queue,
                ForcedExpire = message.ForcedExpire,
                ArrivalTime = message.ArrivalTime,
                Sender = message.Sender,
                Size = message.Size,
            },
            Sorted(message.Recipients.Select(r => r.Address)),
            message.File is { } file ? PendingOf(file) : null);

        /// <summary>
        /// Whether the recipients still to deliver are the same: from the queue files when both were read from the spool
        /// (a listing keeps showing recipients from the defer log after they are done), else as listed.
        /// </summary>
        public bool SameRecipients(QueueMessage now) => Pending is not null && now.File is { } file
            ? Pending.SequenceEqual(PendingOf(file), StringComparer.Ordinal)
            : Recipients is null || Recipients.SequenceEqual(Sorted(now.Recipients.Select(r => r.Address)), StringComparer.Ordinal);

        private static string[] PendingOf(Files.QueueFile file) =>
            Sorted(file.Recipients.Where(r => r.Status == Files.QueueRecipientStatus.Pending).Select(r => r.Address));

        private static string[] Sorted(IEnumerable<string> addresses)
        {
            var key = addresses.ToArray();
            Array.Sort(key, StringComparer.Ordinal);
            return key;
        }

        public static Item FromText(string text) => QueueId.TryParse(text, out var id) ? new Item(text, id, null) : new Item(text ?? string.Empty, default, null);

        public bool SameMessage(QueueMessage now) =>
            Message is not null
            && Message.ArrivalTime == now.ArrivalTime
            && string.Equals(Message.Sender, now.Sender, StringComparison.Ordinal)
            && Message.Size == now.Size;
    }
}
