using Postfix.Config.Syntax;

namespace Postfix.Queue.Files;

/// <summary>How <see cref="QueueSpool"/> reads the queue directory.</summary>
public sealed record QueueSpoolOptions
{
    /// <summary>Also read each message's primary header (needed for header and subject selections).</summary>
    public bool ReadHeaders { get; init; }

    /// <summary>The queues to read, in showq's order by default: maildrop, active, incoming, deferred, hold.</summary>
    public IReadOnlyList<QueueName> Queues { get; init; } = [QueueName.Maildrop, QueueName.Active, QueueName.Incoming, QueueName.Deferred, QueueName.Hold];

    /// <summary>
    /// How many files are read at once (default: the number of processors, at most 4; 1 reads strictly one by one on
    /// the caller's thread). The order of messages and problems is showq's either way.
    /// </summary>
    public int Parallelism { get; init; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>
    /// Receives what showq would warn about and every file that could not be read (never dropped silently): code
    /// PFQ3101 not a regular file, PFQ3102 unreadable, PFQ3103 damaged, PFQ3104 malformed size record, PFQ3105 duplicate
    /// sender, PFQ3106 missing sender.
    /// </summary>
    public Action<Diagnostic>? Problems { get; init; }
}
