namespace Postfix.Queue.Reading;

/// <summary>
/// The fast path of <see cref="MailqTextReader.ReadHeaders"/>: parses the header, each entry's first line and the
/// summary with <see cref="MailqTextParser"/>, and skips recipient and reason lines by searching for the blank line
/// that ends each entry (a vectorised search over the buffer), counting the skipped line ends for line numbers.
/// </summary>
internal sealed class MailqHeaderScanner
{
    private readonly Stream _stream;
    private readonly MailqTextParser _parser;
    private readonly LineDecoder _decoder = new();
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private long _newlines;

    public MailqHeaderScanner(Stream stream, QueueReaderOptions options)
    {
        _stream = stream;
        _parser = new MailqTextParser(options);
    }

    public IEnumerable<QueueMessage> Scan(CancellationToken cancellationToken)
    {
        var inEntries = false;
        while (TryLine(out var lineStart, out var lineLength))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lineNumber = _newlines + 1;
            var line = _decoder.Decode(Trim(_buffer.AsSpan(lineStart, lineLength)));
            if (!inEntries || line.IsEmpty || line.StartsWith("-- ", StringComparison.Ordinal) || !char.IsAsciiLetterOrDigit(line[0]))
            {
                // Header, summary, and anything unusual: the full parser decides.
                Consume(lineStart, lineLength);
                var message = _parser.Line(line, lineNumber);
                if (message is not null)
                {
                    yield return message;
                }

                inEntries = _parser.ExpectsEntry;
                continue;
            }

            var head = _parser.HeadOnly(line, lineNumber);
            if (head is not null)
            {
                yield return head;
            }

            // Skip to the blank line that ends the entry: the search includes the entry line's own LF.
            _start = lineStart + lineLength;
            if (SkipToBlankLine())
            {
                _parser.Line(ReadOnlySpan<char>.Empty, _newlines);
            }

            inEntries = _parser.ExpectsEntry;
        }

        var last = _parser.End(_newlines + 1);
        if (last is not null)
        {
            yield return last;
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Consume(int lineStart, int lineLength)
    {
        _start = lineStart + lineLength;
        if (_start < _end)
        {
            _start++;
            _newlines++;
        }
    }

    /// <summary>The next line (without LF) from <c>_start</c>; false at the end of input.</summary>
    private bool TryLine(out int lineStart, out int lineLength)
    {
        while (true)
        {
            var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                lineStart = _start;
                lineLength = nl;
                return true;
            }

            if (_eof)
            {
                lineStart = _start;
                lineLength = _end - _start;
                return lineLength > 0;
            }

            Fill(_start);
        }
    }

    /// <summary>Moves past the next "\n\n"; false when the input ends first.</summary>
    private bool SkipToBlankLine()
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var at = span.IndexOf("\n\n"u8);
            if (at >= 0)
            {
                _newlines += span[..(at + 2)].Count((byte)'\n');
                _start += at + 2;
                return true;
            }

            if (_eof)
            {
                _newlines += span.Count((byte)'\n');
                _start = _end;
                return false;
            }

            // Keep the last byte: it may be the first LF of the pair.
            var keep = span.Length > 0 ? 1 : 0;
            _newlines += span[..^keep].Count((byte)'\n');
            _start = _end - keep;
            Fill(_start);
        }
    }

    private void Fill(int keepFrom)
    {
        var kept = _end - keepFrom;
        if (keepFrom > 0)
        {
            Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, kept);
        }

        _start = 0;
        _end = kept;
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= ByteLineReader.MaxLineLength)
            {
                throw new QueueFormatException(QueueDiagnostics.Create("PFQ0001", $"line longer than {ByteLineReader.MaxLineLength} bytes", _newlines + 1, [], QueueReaderOptions.DefaultSourceName));
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }
}
