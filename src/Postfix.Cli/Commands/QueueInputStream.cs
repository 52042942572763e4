namespace Postfix.Cli.Commands;

/// <summary>A stream after a peek (standard input, a pipe): the bytes already read, then the rest (read-only, forward only).</summary>
internal sealed class QueueInputStream : Stream
{
    private readonly MemoryStream _seen;
    private readonly Stream _rest;
    private readonly bool _ownsRest;

    public QueueInputStream(MemoryStream seen, Stream rest, bool ownsRest)
    {
        _seen = seen;
        _rest = rest;
        _ownsRest = ownsRest;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _seen.Read(buffer);
        return n > 0 || buffer.IsEmpty ? n : _rest.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = _seen.Read(buffer.Span);
        return n > 0 || buffer.IsEmpty ? n : await _rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _seen.Dispose();
            if (_ownsRest)
            {
                _rest.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
