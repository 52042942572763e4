namespace Postfix.Queue.Operations;

/// <summary>The outcome of a bulk operation: one result per distinct requested ID, in request order.</summary>
public sealed class QueueOperationReport
{
    /// <summary>Creates a report.</summary>
    public QueueOperationReport(QueueOperation operation, bool dryRun, IReadOnlyList<QueueOperationResult> results, IReadOnlyList<string> warnings, long postsuperCount)
    {
        Operation = operation;
        DryRun = dryRun;
        Results = results;
        Warnings = warnings;
        PostsuperCount = postsuperCount;
    }

    /// <summary>The operation.</summary>
    public QueueOperation Operation { get; }

    /// <summary>Whether this was a dry run.</summary>
    public bool DryRun { get; }

    /// <summary>One result per distinct requested ID.</summary>
    public IReadOnlyList<QueueOperationResult> Results { get; }

    /// <summary>postsuper's stderr lines that were neither a per-ID line nor a summary (e.g. warnings).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The total of postsuper's own summary lines (<c>Deleted: N messages</c>) over all batches.</summary>
    public long PostsuperCount { get; }

    /// <summary>How many results have this outcome.</summary>
    public int Count(QueueOperationOutcome outcome) => Results.Count(r => r.Outcome == outcome);
}
