namespace Postfix.Queue.Summary;

/// <summary>
/// A <c>qshape</c>-like picture of the queue: recipients by recipient domain and age bucket, plus messages by sender
/// and queue, and recipients by reason. Built in one pass; memory grows with the number of distinct keys only.
/// </summary>
public sealed class QueueSummary
{
    /// <summary>qshape's default bucket limits in minutes: 5, 10, 20, 40, 80, 160, 320, 640, 1280 (and older).</summary>
    public static IReadOnlyList<TimeSpan> DefaultBuckets { get; } = [.. new[] { 5, 10, 20, 40, 80, 160, 320, 640, 1280 }.Select(m => TimeSpan.FromMinutes(m))];

    private readonly Dictionary<string, long[]> _byDomain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _bySender = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byQueue = new(StringComparer.Ordinal);

    private QueueSummary(IReadOnlyList<TimeSpan> buckets) => Buckets = buckets;

    /// <summary>The upper limits of the age buckets; one more bucket holds everything older.</summary>
    public IReadOnlyList<TimeSpan> Buckets { get; }

    /// <summary>Messages counted.</summary>
    public long Messages { get; private set; }

    /// <summary>Recipients counted.</summary>
    public long Recipients { get; private set; }

    /// <summary>Total message size in bytes.</summary>
    public long Bytes { get; private set; }

    /// <summary>Recipient domain → recipient count per age bucket (<see cref="Buckets"/>.Count + 1 entries).</summary>
    public IReadOnlyDictionary<string, long[]> ByRecipientDomain => _byDomain;

    /// <summary>Sender → message count (the null sender under its displayed name, e.g. <c>MAILER-DAEMON</c>).</summary>
    public IReadOnlyDictionary<string, long> BySender => _bySender;

    /// <summary>Reason → recipient count (recipients without a reason under the empty string).</summary>
    public IReadOnlyDictionary<string, long> ByReason => _byReason;

    /// <summary>Queue name → message count (<c>unknown</c> for unmarked entries of a text listing).</summary>
    public IReadOnlyDictionary<string, long> ByQueue => _byQueue;

    /// <summary>Summarises <paramref name="messages"/> with ages taken at <paramref name="now"/>.</summary>
    public static QueueSummary Create(IEnumerable<QueueMessage> messages, DateTimeOffset now, IReadOnlyList<TimeSpan>? buckets = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var summary = new QueueSummary(buckets ?? DefaultBuckets);
        foreach (var message in messages)
        {
            summary.Add(message, now);
        }

        return summary;
    }

    /// <summary>Summarises <paramref name="messages"/> with ages taken at <paramref name="now"/>.</summary>
    public static async Task<QueueSummary> CreateAsync(IAsyncEnumerable<QueueMessage> messages, DateTimeOffset now, IReadOnlyList<TimeSpan>? buckets = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var summary = new QueueSummary(buckets ?? DefaultBuckets);
        await foreach (var message in messages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            summary.Add(message, now);
        }

        return summary;
    }

    /// <summary>The bucket index for an age.</summary>
    public int BucketOf(TimeSpan age)
    {
        for (var i = 0; i < Buckets.Count; i++)
        {
            if (age < Buckets[i])
            {
                return i;
            }
        }

        return Buckets.Count;
    }

    private void Add(QueueMessage message, DateTimeOffset now)
    {
        Messages++;
        Bytes += message.Size;
        Increment(_bySender, message.Sender);
        Increment(_byQueue, message.Queue?.ToPostfixName() ?? "unknown");
        var bucket = BucketOf(now - message.ArrivalTime);
        foreach (var recipient in message.Recipients)
        {
            Recipients++;
            var domain = recipient.Domain;
            if (!_byDomain.TryGetValue(domain, out var row))
            {
                _byDomain[domain] = row = new long[Buckets.Count + 1];
            }

            row[bucket]++;
            Increment(_byReason, recipient.Reason ?? string.Empty);
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
}
