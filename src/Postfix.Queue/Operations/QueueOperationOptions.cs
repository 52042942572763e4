namespace Postfix.Queue.Operations;

/// <summary>Options for bulk operations.</summary>
public sealed class QueueOperationOptions
{
    /// <summary>Do nothing; report every valid ID as <see cref="QueueOperationOutcome.WouldDo"/>.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Re-list the queue right before each batch and skip (as <see cref="QueueOperationOutcome.Changed"/>) every ID whose
    /// message is gone or differs from the selected one (arrival time, sender, size), or no longer matches the selection.
    /// Only possible when the operation is given messages, not bare IDs.
    /// </summary>
    public bool VerifyBeforeActing { get; init; }

    /// <summary>
    /// The queue directory, read directly. When set, the safety check re-reads each selected message's queue file
    /// instead of listing with postqueue (so it works while Postfix is stopped, and it also skips a message that moved
    /// to another queue, lost recipients or whose file was replaced), and after postsuper ended abnormally every ID it
    /// did not report is checked against the queue files (<see cref="QueueOperationOutcome.Done"/>,
    /// <see cref="QueueOperationOutcome.NotProcessed"/> or <see cref="QueueOperationOutcome.Unknown"/>). Without it those
    /// IDs are <see cref="QueueOperationOutcome.Unknown"/>.
    /// </summary>
    public Files.QueueSpool? Spool { get; init; }

    /// <summary>IDs per postsuper process (default 10 000).</summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>Optional queue names passed after <c>-</c> to restrict where postsuper looks (e.g. only <c>deferred</c>).</summary>
    public IReadOnlyList<QueueName>? RestrictToQueues { get; init; }

    /// <summary>Receives progress after each batch.</summary>
    public IProgress<QueueOperationProgress>? Progress { get; init; }
}
