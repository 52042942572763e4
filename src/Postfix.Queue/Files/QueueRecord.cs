namespace Postfix.Queue.Files;

/// <summary>One record of a queue file: its type byte, where it was read and its payload.</summary>
public readonly struct QueueRecord : IEquatable<QueueRecord>
{
    /// <summary>Creates a record.</summary>
    /// <param name="type">The type byte.</param>
    /// <param name="offset">The offset of the record's type byte in the file.</param>
    /// <param name="readOffset">The stream position before the read that returned it (differs from <paramref name="offset"/> when a pointer was followed or padding skipped, like postcat <c>-o</c> shows).</param>
    /// <param name="data">The payload (may contain NUL bytes).</param>
    public QueueRecord(byte type, long offset, long readOffset, ReadOnlyMemory<byte> data)
    {
        TypeByte = type;
        Offset = offset;
        ReadOffset = readOffset;
        Data = data;
    }

    /// <summary>The type byte.</summary>
    public byte TypeByte { get; }

    /// <summary>The type (any byte value; unknown ones have no named member).</summary>
    public QueueRecordType Type => (QueueRecordType)TypeByte;

    /// <summary>The offset of the record's type byte in the file.</summary>
    public long Offset { get; }

    /// <summary>The stream position before the read that returned this record.</summary>
    public long ReadOffset { get; }

    /// <summary>The payload.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The payload as text: UTF-8 where valid, every other byte 0xNN as U+DC00+0xNN (no byte lost).</summary>
    public string Text => QueueText.Decode(Data.Span);

    /// <summary>The payload up to its first NUL byte, as Postfix's C code sees it.</summary>
    public ReadOnlySpan<byte> CString
    {
        get
        {
            var span = Data.Span;
            var nul = span.IndexOf((byte)0);
            return nul < 0 ? span : span[..nul];
        }
    }

    /// <inheritdoc/>
    public bool Equals(QueueRecord other) =>
        TypeByte == other.TypeByte && Offset == other.Offset && ReadOffset == other.ReadOffset && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is QueueRecord other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TypeByte, Offset, Data.Length);

    /// <summary>Equal records.</summary>
    public static bool operator ==(QueueRecord left, QueueRecord right) => left.Equals(right);

    /// <summary>Different records.</summary>
    public static bool operator !=(QueueRecord left, QueueRecord right) => !left.Equals(right);

    /// <summary><c>offset type-name: text</c>.</summary>
    public override string ToString() => $"{Offset} {QueueRecordTypes.Name(TypeByte)}: {Text}";
}
