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

        foreach (var batch in pending.Chunk(options.BatchSize))
        {
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
                var send = options.VerifyBeforeActing ? await VerifyAsync(items, batch, selection, results, cancellationToken).ConfigureAwait(false) : batch;
                if (send.Length > 0)
                {
                    var (count, batchDone) = await RunPostsuperAsync(operation, items, send, results, warnings, options, cancellationToken).ConfigureAwait(false);
                    postsuperCount += count;
                    done += batchDone;
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

        return new QueueOperationReport(operation, options.DryRun, list, warnings, postsuperCount);
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

    private async Task<(long Count, long Done)> RunPostsuperAsync(QueueOperation operation, List<Item> items, int[] batch, QueueOperationResult?[] results, List<string> warnings, QueueOperationOptions options, CancellationToken cancellationToken)
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
        if (exit != 0)
        {
            throw new PostfixCommandException("postsuper", exit, string.Join('\n', lines));
        }

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

        foreach (var i in batch)
        {
            results[i] ??= new QueueOperationResult(items[i].Text, QueueOperationOutcome.NotFound);
        }

        if (count != done)
        {
            warnings.Add($"postsuper counted {count} but reported {done} IDs");
        }

        return (count, done);
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
        private Item(string text, QueueId id, QueueMessage? message)
        {
            Text = text;
            Id = id;
            Message = message;
        }

        public string Text { get; }

        public QueueId Id { get; }

        /// <summary>What was selected (kept light: arrival, sender and size are what the safety check compares).</summary>
        public QueueMessage? Message { get; }

        public static Item From(QueueMessage message) => new(message.Id.Value, message.Id, new QueueMessage
        {
            Id = message.Id,
            ArrivalTime = message.ArrivalTime,
            Sender = message.Sender,
            Size = message.Size,
        });

        public static Item FromText(string text) => QueueId.TryParse(text, out var id) ? new Item(text, id, null) : new Item(text ?? string.Empty, default, null);

        public bool SameMessage(QueueMessage now) =>
            Message is not null
            && Message.ArrivalTime == now.ArrivalTime
            && string.Equals(Message.Sender, now.Sender, StringComparison.Ordinal)
            && Message.Size == now.Size;
    }
}
