namespace Postfix.Queue.Reading;

/// <summary>Splits a stream into LF-terminated lines with one reusable buffer (constant memory, whatever the input size).</summary>
internal sealed class ByteLineReader
{
    /// <summary>Longest line accepted; a longer one is reported as a format error instead of growing memory without bound.</summary>
    public const int MaxLineLength = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _lineStart;
    private int _lineLength;
    private bool _eof;

    public ByteLineReader(Stream stream) => _stream = stream;

    /// <summary>The current line, without its LF (and without a CR before it).</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>1-based number of the current line.</summary>
    public long LineNumber { get; private set; }

    public bool ReadLine()
    {
        while (true)
        {
            if (TryTakeLine())
            {
                return true;
            }

            if (_eof)
            {
                return TakeRest();
            }

            MakeRoom();
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
            }

            _end += n;
        }
    }

    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakeLine())
            {
                return true;
            }

            if (_eof)
            {
                return TakeRest();
            }

            MakeRoom();
            var n = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                _eof = true;
            }

            _end += n;
        }
    }

    private bool TryTakeLine()
    {
        var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
        if (nl < 0)
        {
            return false;
        }

        SetLine(_start, nl);
        _start += nl + 1;
        return true;
    }

    private bool TakeRest()
    {
        if (_start >= _end)
        {
            return false;
        }

        SetLine(_start, _end - _start);
        _start = _end;
        return true;
    }

    private void SetLine(int start, int length)
    {
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        _lineStart = start;
        _lineLength = length;
        LineNumber++;
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineLength)
            {
                throw new QueueFormatException(QueueDiagnostics.Create("PFQ0001", $"line longer than {MaxLineLength} bytes", LineNumber + 1, [], QueueReaderOptions.DefaultSourceName));
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
