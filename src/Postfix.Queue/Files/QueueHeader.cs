namespace Postfix.Queue.Files;

/// <summary>One header of the primary message header, unfolded, with its raw lines kept.</summary>
public sealed class QueueHeader
{
    /// <summary>Creates a header.</summary>
    public QueueHeader(string name, string value, byte[] raw, long offset)
    {
        Name = name;
        Value = value;
        Raw = raw;
        Offset = offset;
    }

    /// <summary>The name as written (compare it case-insensitively).</summary>
    public string Name { get; }

    /// <summary>The value after the colon: unfolded (line breaks removed, continuation white space kept), leading blanks removed.</summary>
    public string Value { get; }

    /// <summary>The raw bytes of the header as stored: its lines joined with LF, no final line ending.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The offset of the header's first record.</summary>
    public long Offset { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Value}";
}
