namespace Postfix.Queue.Tests;

/// <summary>A read-only stream that returns at most <c>chunk</c> bytes per read, like a pipe (block boundaries anywhere).</summary>
internal sealed class ChunkedStream : MemoryStream
{
    private readonly int _chunk;

    public ChunkedStream(byte[] bytes, int chunk)
        : base(bytes, false) => _chunk = Math.Max(1, chunk);

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _chunk));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, _chunk)]);
}
