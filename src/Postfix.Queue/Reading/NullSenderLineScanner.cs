using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Postfix.Queue.Reading;

/// <summary>
/// The byte-level half of <see cref="MailqNullSenderScanner"/>: reads one byte source block by block into one reusable
/// buffer and finds the candidate lines, i.e. the lines that end with the null-sender display and follow a blank line
/// or the <c>-Queue ID-</c> header (or start the input). It counts line ends in the same pass, for line numbers.
/// Which candidates are selected is decided by <see cref="MailqTextParser"/>.
/// </summary>
internal sealed class NullSenderLineScanner
{
    private readonly byte[] _needle;
    private readonly Func<byte[], int, int, int> _read;
    private readonly bool _vectorised;
    private byte[] _buffer;
    private int _end;
    private int _limit;
    private bool _eof;
    private Previous _firstLinePrevious;

    /// <param name="needle">The null-sender display: 1 or more printable ASCII bytes.</param>
    /// <param name="read">Reads into (buffer, offset, count); 0 at the end of the source.</param>
    /// <param name="buffer">The buffer to use (its contents are ignored); a larger one replaces it (up to <see cref="ByteLineReader.MaxLineLength"/>) only for longer lines.</param>
    /// <param name="atInputStart">The source starts at the start of the listing (else it starts right after a blank line).</param>
    /// <param name="vectorised">Use the 256-bit search where the hardware has it (tests turn it off to check the portable path).</param>
    public NullSenderLineScanner(byte[] needle, Func<byte[], int, int, int> read, byte[] buffer, bool atInputStart, bool vectorised = true)
    {
        _needle = needle;
        _read = read;
        _buffer = buffer.Length > 0 ? buffer : new byte[1];
        _firstLinePrevious = atInputStart ? Previous.InputStart : Previous.Break;
        _vectorised = vectorised && Vector256.IsHardwareAccelerated;
    }

    private enum Previous
    {
        Other,
        Break,
        InputStart,
    }

    /// <summary>The buffer that the <see cref="Candidates"/> of the last block point into.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>The candidate lines of the last block, in order.</summary>
    public List<CandidateLine> Candidates { get; } = [];

    /// <summary>Line ends (LF) in everything consumed so far, i.e. before <c>Buffer[0]</c> once the next block is read.</summary>
    public long LineFeeds { get; private set; }

    /// <summary>Whether nothing at all was read from the source.</summary>
    public bool SourceWasEmpty { get; private set; } = true;

    /// <summary>
    /// The first line of the input (when the source starts at the input start), once read: the caller checks it like
    /// the general reader does (header or "Mail queue is empty"). Empty until known.
    /// </summary>
    public ReadOnlySpan<byte> FirstLine => _firstLineLength < 0 ? default : _buffer.AsSpan(0, _firstLineLength);

    /// <summary>Whether <see cref="FirstLine"/> was found in the last block.</summary>
    public bool HasFirstLine => _firstLineLength >= 0;

    private int _firstLineLength = -1;

    /// <summary>Reads the next block and fills <see cref="Candidates"/>; false when the source is exhausted.</summary>
    public bool NextBlock(CancellationToken cancellationToken)
    {
        Candidates.Clear();
        _firstLineLength = -1;
        if (_eof)
        {
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Compact();
        while (true)
        {
            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= ByteLineReader.MaxLineLength)
                {
                    throw new QueueFormatException(QueueDiagnostics.Create("PFQ0001", $"line longer than {ByteLineReader.MaxLineLength} bytes", LineFeeds + 1, [], QueueReaderOptions.DefaultSourceName));
                }

                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, ByteLineReader.MaxLineLength));
            }

            var from = _end;
            var n = _read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                _limit = _end;
                break;
            }

            SourceWasEmpty = false;
            _end += n;
            var lf = _buffer.AsSpan(from, n).LastIndexOf((byte)'\n');
            if (lf >= 0)
            {
                _limit = from + lf + 1;
                break;
            }
        }

        if (_firstLinePrevious == Previous.InputStart && _limit > 0)
        {
            var firstEnd = _buffer.AsSpan(0, _limit).IndexOf((byte)'\n');
            _firstLineLength = TrimCr(_buffer.AsSpan(0, firstEnd < 0 ? _limit : firstEnd)).Length;
        }

        Search(_buffer.AsSpan(0, _end), _limit);
        return true;
    }

    /// <summary>Drops the block just scanned, keeping its incomplete last line at the start of the buffer.</summary>
    private void Compact()
    {
        if (_limit == 0)
        {
            return;
        }

        // The line that the kept (incomplete) line follows is the last complete line of the block.
        var lastEnd = _limit - 1;
        var lastStart = _buffer.AsSpan(0, lastEnd).LastIndexOf((byte)'\n') + 1;
        _firstLinePrevious = IsBreak(_buffer.AsSpan(lastStart, lastEnd - lastStart)) ? Previous.Break : Previous.Other;
        var kept = _end - _limit;
        System.Buffer.BlockCopy(_buffer, _limit, _buffer, 0, kept);
        _end = kept;
        _limit = 0;
    }

    /// <summary>Finds the candidates among the complete lines <c>data[..limit]</c> and counts their line ends.</summary>
    /// <remarks>Compiled fully optimised at once: a one-shot scan of a big file would otherwise spend its time in unoptimised code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Search(ReadOnlySpan<byte> data, int limit)
    {
        var lineFeeds = LineFeeds;
        var i = 0;
        var length = _needle.Length;
        if (_vectorised)
        {
            ref var start = ref MemoryMarshal.GetReference(data);
            var first = Vector256.Create(_needle[0]);
            var last = Vector256.Create(_needle[^1]);
            var lf = Vector256.Create((byte)'\n');
            var cr = Vector256.Create((byte)'\r');

            // Each step tests the 32 positions i..i+31 as needle starts: first byte, last byte, and LF or CR after it.
            while (i + length + Vector256<byte>.Count <= limit)
            {
                var at = Vector256.LoadUnsafe(ref start, (nuint)i);
                var atLast = Vector256.LoadUnsafe(ref start, (nuint)(i + length - 1));
                var after = Vector256.LoadUnsafe(ref start, (nuint)(i + length));
                var lineEnds = Vector256.Equals(at, lf).ExtractMostSignificantBits();
                var hits = Vector256.Equals(at, first) & Vector256.Equals(atLast, last) & (Vector256.Equals(after, lf) | Vector256.Equals(after, cr));
                if (hits != Vector256<byte>.Zero)
                {
                    var bits = hits.ExtractMostSignificantBits();
                    while (bits != 0)
                    {
                        var k = BitOperations.TrailingZeroCount(bits);
                        var below = lineEnds & ((1u << k) - 1);
                        Check(data, i + k, limit, lineFeeds + BitOperations.PopCount(below));
                        bits &= bits - 1;
                    }
                }

                lineFeeds += BitOperations.PopCount(lineEnds);
                i += Vector256<byte>.Count;
            }
        }

        // The rest (all of it without 256-bit vectors): the library's vectorised search.
        while (i < limit)
        {
            var rest = data[i..limit];
            var at = rest.IndexOf(_needle);
            if (at < 0)
            {
                lineFeeds += rest.Count((byte)'\n');
                break;
            }

            lineFeeds += rest[..at].Count((byte)'\n');
            Check(data, i + at, limit, lineFeeds);
            i += at + 1;
        }

        LineFeeds = lineFeeds;
    }

    /// <summary>A possible needle at <paramref name="at"/>: keeps the line if it ends there and starts an entry.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void Check(ReadOnlySpan<byte> data, int at, int limit, long lineFeedsBefore)
    {
        var after = at + _needle.Length;
        if (!data.Slice(at, _needle.Length).SequenceEqual(_needle))
        {
            return;
        }

        // The needle must end its line: LF, CR LF, or the end of the input (with or without one CR).
        var atEnd = _eof && after == limit;
        if (!atEnd)
        {
            var next = data[after];
            if (next == (byte)'\r')
            {
                var afterCr = after + 1;
                if (!((_eof && afterCr == limit) || (afterCr < limit && data[afterCr] == (byte)'\n')))
                {
                    return;
                }
            }
            else if (next != (byte)'\n')
            {
                return;
            }
        }

        var lineStart = data[..at].LastIndexOf((byte)'\n') + 1;
        Previous previous;
        if (lineStart == 0)
        {
            previous = _firstLinePrevious;
        }
        else
        {
            var previousEnd = lineStart - 1;
            var previousStart = data[..previousEnd].LastIndexOf((byte)'\n') + 1;
            previous = IsBreak(data[previousStart..previousEnd]) ? Previous.Break : Previous.Other;
        }

        var line = data[lineStart..after];
        var keep = previous switch
        {
            // Before the header, the general reader starts an entry only at a letter or digit (after reporting PFQ1001).
            Previous.InputStart => char.IsAsciiLetterOrDigit((char)line[0]),

            // After a blank line or the header every line starts an entry, except the summary line.
            Previous.Break => !line.StartsWith("-- "u8),
            _ => false,
        };
        if (keep)
        {
            Candidates.Add(new CandidateLine(lineStart, line.Length, lineFeedsBefore + 1));
        }
    }

    /// <summary>A blank line or the header line (short or long layout), as the general reader recognises them.</summary>
    private static bool IsBreak(ReadOnlySpan<byte> line)
    {
        line = TrimCr(line);
        return line.IsEmpty || line.StartsWith("-Queue ID-"u8) || line.StartsWith("----Queue ID-----"u8);
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}

/// <summary>A candidate line in <see cref="NullSenderLineScanner.Buffer"/> (without its line end), with its line number in the source.</summary>
internal readonly record struct CandidateLine(int Start, int Length, long LineNumber);
