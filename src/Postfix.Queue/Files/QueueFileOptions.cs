namespace Postfix.Queue.Files;

/// <summary>What <see cref="QueueFile"/> reads.</summary>
public sealed record QueueFileOptions
{
    /// <summary>The defaults: envelope, extracted segment and primary headers.</summary>
    public static QueueFileOptions Default { get; } = new();

    /// <summary>Read the primary message header (otherwise the content is skipped, like showq does).</summary>
    public bool ReadHeaders { get; init; } = true;

    /// <summary>The largest header (all its lines) kept whole; longer ones keep this many bytes (default 1 MiB).</summary>
    public int MaxHeaderLength { get; init; } = 1 << 20;

    /// <summary>The name used in messages (default: the path loaded, or <c>stdin</c>).</summary>
    public string? Path { get; init; }
}
