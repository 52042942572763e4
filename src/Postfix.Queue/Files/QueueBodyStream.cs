namespace Postfix.Queue.Files;

/// <summary>
/// The body of a queued message as bytes, produced record by record: an <c>N</c> record gives its bytes and LF, an
/// <c>L</c> record its bytes only (the line goes on). Ends at the first record that is not content text (<c>X</c>).
/// Read-only, forward-only; damage in the file surfaces as <see cref="QueueFormatException"/>.
/// </summary>
internal sealed class QueueBodyStream : Stream
{
    private readonly QueueRecordReader _reader;
    private ReadOnlyMemory<byte> _pending;
    private bool _newline;
    private bool _done;
    private long _produced;

    public QueueBodyStream(QueueRecordReader reader) => _reader = reader;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _produced;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (!_pending.IsEmpty)
            {
                var take = Math.Min(_pending.Length, buffer.Length - written);
                _pending.Span[..take].CopyTo(buffer[written..]);
                _pending = _pending[take..];
                written += take;
                continue;
            }

            if (_newline)
            {
                buffer[written++] = (byte)'\n';
                _newline = false;
                continue;
            }

            if (_done || written > 0 && !MoreWithoutBlocking())
            {
                break;
            }

            if (!_reader.TryRead(out var record) || !QueueRecordTypes.IsText(record.TypeByte))
            {
                _done = true;
                break;
            }

            _pending = record.Data;
            _newline = record.TypeByte == 'N';
        }

        _produced += written;
        return written;
    }

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
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool MoreWithoutBlocking() => true;
}
