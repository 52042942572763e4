namespace Postfix.Queue.Operations;

/// <summary>The result for one requested ID.</summary>
public sealed class QueueOperationResult
{
    /// <summary>Creates a result.</summary>
    public QueueOperationResult(string id, QueueOperationOutcome outcome, string? detail = null)
    {
        Id = id;
        Outcome = outcome;
        Detail = detail;
    }

    /// <summary>The ID as requested (bare; for <see cref="QueueOperationOutcome.Rejected"/> the text that was not an ID).</summary>
    public string Id { get; }

    /// <summary>What happened.</summary>
    public QueueOperationOutcome Outcome { get; }

    /// <summary>More detail (postsuper's line, or why it was skipped), or null.</summary>
    public string? Detail { get; }

    /// <summary><c>ID: outcome</c>.</summary>
    public override string ToString() => Detail is null ? $"{Id}: {Outcome}" : $"{Id}: {Outcome} ({Detail})";
}
