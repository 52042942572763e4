namespace Postfix.Queue.Operations;

/// <summary>Progress of a bulk operation, reported after each batch.</summary>
/// <param name="Processed">IDs handled so far.</param>
/// <param name="Total">IDs to handle.</param>
/// <param name="Done">IDs postsuper reported done so far.</param>
public readonly record struct QueueOperationProgress(long Processed, long Total, long Done);
