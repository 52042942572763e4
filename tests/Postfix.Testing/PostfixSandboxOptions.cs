namespace Postfix.Testing;

/// <summary>How <see cref="PostfixSandbox.CreateAsync"/> configures the private instance.</summary>
public sealed class PostfixSandboxOptions
{
    /// <summary><c>enable_long_queue_ids</c>: long (base-52) queue IDs instead of short hex ones.</summary>
    public bool LongQueueIds { get; init; }

    /// <summary>Extra main.cf settings applied (with <c>postconf -e</c>) after the sandbox defaults.</summary>
    public Dictionary<string, string> MainCf { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The initial transport map (texthash, so no postmap step); null for an empty one.</summary>
    public string? Transport { get; init; }
}
