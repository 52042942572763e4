using System.Globalization;

namespace Postfix.Queue.Files;

/// <summary>
/// Streams the records of one queue file the way Postfix's <c>rec_get_raw()</c> does, through a small buffer: a type
/// byte, a base-128 length (least significant group first, at most five bytes) and the payload. Damage (a truncated
/// length or payload, a length that cannot be, a bad pointer) raises <see cref="QueueFormatException"/> with the byte
/// offset and Postfix's words; nothing else is thrown for any content, and no input makes it loop forever (pointer
/// loops stop after 10,000 backward jumps, as in Postfix).
/// </summary>
public sealed class QueueRecordReader : IDisposable
{
    private const int ReverseJumpLimit = 10_000;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private long _bufferStart;
    private int _bufferLength;
    private int _bufferPosition;
    private long _savedPointer;
    private int _reverseJumps;
    private bool _atEnd;

    /// <summary>Creates a reader at the stream's current position.</summary>
    /// <param name="stream">The queue file (seekable for pointers and <see cref="Seek"/>).</param>
    /// <param name="options">How to read (default: Postfix's <c>rec_get()</c>).</param>
    /// <param name="leaveOpen">Keep the stream open when the reader is disposed.</param>
    /// <param name="bufferSize">The read buffer size.</param>
    public QueueRecordReader(Stream stream, QueueRecordReaderOptions? options = null, bool leaveOpen = false, int bufferSize = 8192)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 16);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Options = options ?? QueueRecordReaderOptions.Default;
        _buffer = new byte[bufferSize];
        _bufferStart = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>How records are read.</summary>
    public QueueRecordReaderOptions Options { get; }

    /// <summary>Whether <see cref="Seek"/> and pointer records work.</summary>
    public bool CanSeek => _stream.CanSeek;

    /// <summary>The offset of the next byte to be read (counted from the start for a stream that cannot seek).</summary>
    public long Position => _bufferStart + _bufferPosition;

    /// <summary>Moves to <paramref name="offset"/> (beyond the end is allowed: the next read sees the end).</summary>
    /// <exception cref="NotSupportedException">The stream cannot seek.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The offset is negative.</exception>
    public void Seek(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (!_stream.CanSeek)
        {
            throw new NotSupportedException("the queue file stream cannot seek");
        }

        _atEnd = false;
        if (offset >= _bufferStart && offset <= _bufferStart + _bufferLength)
        {
            _bufferPosition = (int)(offset - _bufferStart);
            return;
        }

        // Past the end the next read sees the end; the stream itself is only moved to its end (a MemoryStream, for one,
        // refuses offsets beyond 2 GB). Found by the queuefile fuzz target.
        long length;
        try
        {
            length = _stream.Length;
        }
        catch (NotSupportedException)
        {
            length = long.MaxValue;
        }

        _stream.Seek(Math.Min(offset, length), SeekOrigin.Begin);
        _bufferStart = offset;
        _bufferLength = 0;
        _bufferPosition = 0;
    }

    /// <summary>Reads the next record; false at the end of the file (or after <c>E</c> with <see cref="QueueRecordReaderOptions.StopAtEnd"/>).</summary>
    /// <exception cref="QueueFormatException">The record is damaged or truncated, or a pointer record is bad.</exception>
    public bool TryRead(out QueueRecord record)
    {
        var readOffset = Position;
        while (true)
        {
            record = default;
            if (_atEnd)
            {
                return false;
            }

            var start = Position;
            var type = ReadByte();
            if (type < 0)
            {
                return false;
            }

            long length = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (shift >= 32)
                {
                    throw Damage(start, $"too many length bits, record type {type}");
                }

                var b = ReadByte();
                if (b < 0)
                {
                    throw Damage(start, $"unexpected EOF reading length, record type {type}");
                }

                // Postfix shifts a C int: the fifth group can overflow into the sign bit.
                length |= (long)(int)((uint)(b & 0x7f) << shift) & (shift == 28 ? -1L : 0xffffffffL);
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            if (length < 0)
            {
                throw Damage(start, $"illegal length {length}, record type {type}");
            }

            var data = ReadData(length);
            if (data is null)
            {
                throw Damage(start, $"unexpected EOF in data, record type {type} length {length}");
            }

            if (type == 'p' && Options.FollowPointers)
            {
                Goto(start, data);
                continue;
            }

            if (type == 'w' && Options.SkipPadding)
            {
                continue;
            }

            if (type == 'E' && Options.StopAtEnd)
            {
                if (!_stream.CanSeek)
                {
                    throw Damage(start, "seek error after reading END record: Illegal seek");
                }

                _atEnd = true;
            }

            record = new QueueRecord((byte)type, start, readOffset, data);
            return true;
        }
    }

    /// <summary>Reads the next record, or null at the end.</summary>
    /// <exception cref="QueueFormatException">The record is damaged or truncated.</exception>
    public QueueRecord? Read() => TryRead(out var record) ? record : null;

    /// <summary>All records from here to the end, lazily.</summary>
    public IEnumerable<QueueRecord> ReadAll()
    {
        while (TryRead(out var record))
        {
            yield return record;
        }
    }

    /// <summary>
    /// Follows a pointer record's value like Postfix's <c>rec_goto()</c>: leading white space skipped, decimal digits up
    /// to the first NUL; 0 = read on; a value that is not a number, or more than 10,000 backward jumps, is damage.
    /// </summary>
    /// <exception cref="QueueFormatException">The value is malformed, the jumps loop, or the stream cannot seek.</exception>
    public void FollowPointer(ReadOnlySpan<byte> value) => Goto(Position, value.ToArray());

    /// <summary>
    /// What decides how later pointer records are followed (the last pointer target and the backward jumps so far):
    /// with the position, the reader's whole state.
    /// </summary>
    internal (long SavedPointer, int ReverseJumps) JumpState => (_savedPointer, _reverseJumps);

    /// <summary>The next byte without consuming it, or -1 at the end.</summary>
    internal int PeekByte()
    {
        if (_bufferPosition == _bufferLength && !Fill())
        {
            return -1;
        }

        return _buffer[_bufferPosition];
    }

    /// <summary>Reads and discards up to <paramref name="count"/> bytes; returns how many there were.</summary>
    internal long Skip(long count)
    {
        long skipped = 0;
        while (skipped < count)
        {
            if (_bufferPosition == _bufferLength && !Fill())
            {
                break;
            }

            var take = (int)Math.Min(count - skipped, _bufferLength - _bufferPosition);
            _bufferPosition += take;
            skipped += take;
        }

        return skipped;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    internal QueueFormatException Damage(long offset, string text) =>
        new($"{Options.Path}: {text}", offset, Options.Path);

    private void Goto(long recordOffset, byte[] data)
    {
        var i = 0;
        while (i < data.Length && PostfixCType.IsSpace(data[i]))
        {
            i++;
        }

        long target = 0;
        var malformed = false;
        for (var j = i; j < data.Length && data[j] != 0; j++)
        {
            var c = data[j];
            if (c is < (byte)'0' or > (byte)'9' || target > (long.MaxValue - (c - '0')) / 10)
            {
                malformed = true;
                break;
            }

            target = (target * 10) + (c - '0');
        }

        if (malformed)
        {
            var end = Array.IndexOf(data, (byte)0, i);
            var text = QueueText.Decode(data.AsSpan(i, (end < 0 ? data.Length : end) - i));
            throw Damage(recordOffset, $"malformed pointer record value: {text}");
        }

        if (target == 0)
        {
            return;
        }

        if (target <= _savedPointer && ++_reverseJumps > ReverseJumpLimit)
        {
            throw Damage(recordOffset, "too many reverse jump records");
        }

        if (!_stream.CanSeek)
        {
            throw Damage(recordOffset, "seek error after pointer record: Illegal seek");
        }

        Seek(target);
        _savedPointer = target;
    }

    private int ReadByte()
    {
        if (_bufferPosition == _bufferLength && !Fill())
        {
            return -1;
        }

        return _buffer[_bufferPosition++];
    }

    private bool Fill()
    {
        _bufferStart += _bufferLength;
        _bufferPosition = 0;
        _bufferLength = 0;
        int n;
        try
        {
            n = _stream.Read(_buffer, 0, _buffer.Length);
        }
        catch (IOException e)
        {
            throw new QueueFormatException($"{Options.Path}: read error: {e.Message}", _bufferStart, Options.Path);
        }

        _bufferLength = n;
        return n > 0;
    }

    private byte[]? ReadData(long length)
    {
        if (length == 0)
        {
            return [];
        }

        var available = _bufferLength - _bufferPosition;
        if (length <= available)
        {
            var small = _buffer.AsSpan(_bufferPosition, (int)length).ToArray();
            _bufferPosition += (int)length;
            return small;
        }

        if (_stream.CanSeek)
        {
            long remaining;
            try
            {
                remaining = _stream.Length - Position;
            }
            catch (NotSupportedException)
            {
                remaining = long.MaxValue;
            }

            if (remaining < length)
            {
                // Postfix reads what there is and then reports the short read: consume it too.
                Seek(Math.Max(Position, _stream.Length));
                return null;
            }
        }

        // Grow in chunks, so that a damaged length on a pipe cannot make us allocate what is not there.
        var result = new byte[(int)Math.Min(length, Math.Max(available, 1 << 16))];
        var filled = 0;
        while (filled < length)
        {
            if (_bufferPosition == _bufferLength && !Fill())
            {
                return null;
            }

            var take = (int)Math.Min(length - filled, _bufferLength - _bufferPosition);
            if (filled + take > result.Length)
            {
                Array.Resize(ref result, (int)Math.Min(length, Math.Max((long)result.Length * 2, filled + take)));
            }

            _buffer.AsSpan(_bufferPosition, take).CopyTo(result.AsSpan(filled));
            _bufferPosition += take;
            filled += take;
        }

        return result;
    }
}
