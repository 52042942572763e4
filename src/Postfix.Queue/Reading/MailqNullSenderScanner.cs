using Postfix.Config.Syntax;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Postfix.Queue.Reading;

/// <summary>
/// The fastest way to select the null-sender messages (bounces and delay notices) of a <c>mailq</c> /
/// <c>postqueue -p</c> listing: searches the raw bytes for the lines that end with the null-sender display
/// (<see cref="QueueReaderOptions.EmptyAddressRecipient"/>, <c>MAILER-DAEMON</c> by default) with a 256-bit vector
/// search that also counts the line ends, and decodes and parses only those lines. All other lines are never decoded.
/// </summary>
/// <remarks>
/// <para>
/// A candidate is a line that ends with the null-sender display and follows a blank line or the <c>-Queue ID-</c>
/// header line (or is the first line of the listing and starts with a letter or digit). It is parsed exactly like
/// <see cref="MailqTextReader.Read"/> parses an entry's first line (same checks, same diagnostics) and selected only
/// when its sender field is exactly the null-sender display: recipient and reason lines, and senders such as
/// <c>MAILER-DAEMON@example.com</c>, are never selected. The first line is checked like the general reader checks it.
/// </para>
/// <para>
/// Unlike <see cref="MailqTextReader.Read"/>, only the first line and the candidate lines are checked: damage
/// elsewhere in the listing is not reported, and entry lines after the summary line are still selected. Documented
/// exceptions: <see cref="QueueFormatException"/> (strict mode and a malformed candidate or first line, or a line
/// longer than 16 MiB), <see cref="OperationCanceledException"/>, and whatever the stream or file throws.
/// </para>
/// <para>
/// Memory stays constant whatever the size of the listing: one 256 KiB buffer per thread (larger only for longer
/// lines), plus, for the parallel file scan, the selected IDs of at most a few 4 MiB segments per thread.
/// </para>
/// </remarks>
public static class MailqNullSenderScanner
{
    internal const int DefaultBufferSize = 256 << 10;
    internal const int DefaultSegmentSize = 4 << 20;

    /// <summary>Streams the null-sender messages of a listing (entry line data only: no recipients).</summary>
    public static IEnumerable<QueueMessage> Scan(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= QueueReaderOptions.Default;
        return Needle(options) is { } needle
            ? Iterate(stream, options, needle, DefaultBufferSize, true, cancellationToken)
            : MailqTextReader.ReadHeaders(stream, options, cancellationToken).Where(m => m.IsNullSender);
    }

    /// <summary>
    /// Writes the bare queue ID of every null-sender message, one per line (LF), to <paramref name="output"/> through
    /// a large buffer; returns how many were written. Reads <paramref name="input"/> once, front to back (a pipe is fine).
    /// </summary>
    public static long WriteIds(Stream input, Stream output, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        options ??= QueueReaderOptions.Default;
        return WriteIds(input, output, options, DefaultBufferSize, true, cancellationToken);
    }

    /// <summary>
    /// Writes the bare queue ID of every null-sender message of a listing file, one per line (LF), in file order, to
    /// <paramref name="output"/>; returns how many were written. The file is split at blank lines (message boundaries)
    /// into 4 MiB segments that up to <paramref name="maxDegreeOfParallelism"/> dedicated threads scan at the same
    /// time; the IDs and diagnostics come out exactly as a front-to-back scan gives them.
    /// </summary>
    /// <param name="input">A readable file handle (positional reads; the handle's file offset is not used).</param>
    /// <param name="output">Where the IDs go.</param>
    /// <param name="maxDegreeOfParallelism">Threads that scan at the same time (1 scans on the calling thread only).</param>
    /// <param name="options">Reader options; <see cref="QueueReaderOptions.Diagnostics"/> is called on the calling thread.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public static long WriteIdsParallel(SafeFileHandle input, Stream output, int maxDegreeOfParallelism, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        return WriteIds(input, output, options ?? QueueReaderOptions.Default, maxDegreeOfParallelism, DefaultSegmentSize, DefaultBufferSize, true, cancellationToken);
    }

    /// <summary>Tests: the streaming scan with a small initial buffer (refills and growth), optionally without 256-bit vectors.</summary>
    internal static IEnumerable<QueueMessage> Scan(Stream stream, QueueReaderOptions options, int bufferSize, bool vectorised = true) =>
        Needle(options) is { } needle
            ? Iterate(stream, options, needle, bufferSize, vectorised, CancellationToken.None)
            : MailqTextReader.ReadHeaders(stream, options).Where(m => m.IsNullSender);

    /// <summary>Tests: the streaming ID writer with a small buffer.</summary>
    internal static long WriteIds(Stream input, Stream output, QueueReaderOptions options, int bufferSize, bool vectorised, CancellationToken cancellationToken)
    {
        var ids = new IdWriter(output);
        if (Needle(options) is not { } needle)
        {
            try
            {
                foreach (var message in MailqTextReader.ReadHeaders(input, options, cancellationToken).Where(m => m.IsNullSender))
                {
                    ids.Add(message.Id.Value);
                }
            }
            finally
            {
                ids.Finish();
            }

            return ids.Count;
        }

        var parser = new MailqTextParser(options);
        var lines = new NullSenderLineScanner(needle, input.Read, new byte[bufferSize], atInputStart: true, vectorised);
        try
        {
            ScanToEnd(lines, parser, new LineDecoder(), ids, atInputStart: true, cancellationToken);
        }
        finally
        {
            // On an error too: the IDs found before it are written, as the general reader's path writes them.
            ids.Finish();
        }

        return ids.Count;
    }

    /// <summary>Tests: the segmented file scan with small segments and buffers.</summary>
    internal static long WriteIds(SafeFileHandle input, Stream output, QueueReaderOptions options, int maxDegreeOfParallelism, int segmentSize, int bufferSize, bool vectorised, CancellationToken cancellationToken)
    {
        if (Needle(options) is null)
        {
            using var stream = new FileStream(new SafeFileHandle(input.DangerousGetHandle(), ownsHandle: false), FileAccess.Read, 1);
            return WriteIds(stream, output, options, bufferSize, vectorised, cancellationToken);
        }

        using var scan = new SegmentedScan(input, output, options, Math.Max(segmentSize, 4), bufferSize, vectorised, cancellationToken);
        return scan.Run(maxDegreeOfParallelism);
    }

    /// <summary>The needle bytes, or null when the display is not plain printable ASCII (then the general reader decides).</summary>
    private static byte[]? Needle(QueueReaderOptions options)
    {
        var text = options.EmptyAddressRecipient;
        if (text.Length == 0)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return null;
            }
        }

        return Encoding.ASCII.GetBytes(text);
    }

    private static IEnumerable<QueueMessage> Iterate(Stream stream, QueueReaderOptions options, byte[] needle, int bufferSize, bool vectorised, CancellationToken cancellationToken)
    {
        var parser = new MailqTextParser(options);
        var decoder = new LineDecoder();
        var lines = new NullSenderLineScanner(needle, stream.Read, new byte[bufferSize], atInputStart: true, vectorised);
        while (lines.NextBlock(cancellationToken))
        {
            if (lines.HasFirstLine)
            {
                parser.CheckFirstLine(decoder.Decode(lines.FirstLine), 1);
            }

            foreach (var candidate in lines.Candidates)
            {
                var line = decoder.Decode(lines.Buffer.AsSpan(candidate.Start, candidate.Length));
                if (parser.ParseSenderLine(line, candidate.LineNumber) is { IsNullSender: true } message)
                {
                    yield return message;
                }
            }
        }

        if (lines.SourceWasEmpty)
        {
            parser.End(1);
        }
    }

    /// <summary>Scans one source to its end, adding the selected IDs to <paramref name="ids"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ScanToEnd(NullSenderLineScanner lines, MailqTextParser parser, LineDecoder decoder, IdWriter ids, bool atInputStart, CancellationToken cancellationToken)
    {
        while (lines.NextBlock(cancellationToken))
        {
            if (lines.HasFirstLine)
            {
                parser.CheckFirstLine(decoder.Decode(lines.FirstLine), 1);
            }

            foreach (var candidate in lines.Candidates)
            {
                var bytes = lines.Buffer.AsSpan(candidate.Start, candidate.Length);
                var idLength = parser.NullSenderIdLength(decoder.Decode(bytes), candidate.LineNumber);
                if (idLength > 0)
                {
                    ids.Add(bytes[..idLength]);
                }
            }
        }

        if (atInputStart && lines.SourceWasEmpty)
        {
            parser.End(1);
        }
    }

    /// <summary>Bare IDs, one per line, through a buffer (into a stream, or kept in memory for one segment).</summary>
    private sealed class IdWriter
    {
        private readonly Stream? _output;
        private byte[] _buffer;
        private int _used;

        public IdWriter(Stream? output, int capacity = 1 << 16)
        {
            _output = output;
            _buffer = new byte[capacity];
        }

        public long Count { get; private set; }

        public ReadOnlySpan<byte> Kept => _buffer.AsSpan(0, _used);

        public void Add(string id)
        {
            Span<byte> bytes = stackalloc byte[id.Length];
            Add(bytes[..Encoding.ASCII.GetBytes(id, bytes)]);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<byte> id)
        {
            if (_used + id.Length + 1 > _buffer.Length)
            {
                if (_output is not null && _used > 0)
                {
                    _output.Write(_buffer, 0, _used);
                    _used = 0;
                }

                if (id.Length + 1 > _buffer.Length - _used)
                {
                    Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + id.Length + 1));
                }
            }

            id.CopyTo(_buffer.AsSpan(_used));
            _used += id.Length;
            _buffer[_used++] = (byte)'\n';
            Count++;
        }

        public long Finish()
        {
            if (_output is not null)
            {
                _output.Write(_buffer, 0, _used);
                _output.Flush();
                _used = 0;
            }

            return Count;
        }
    }

    /// <summary>What one segment of the file gave: its IDs, its diagnostics (segment line numbers) and how it ended.</summary>
    private sealed class SegmentResult
    {
        public SegmentResult(int index) => Index = index;

        public int Index { get; }

        public IdWriter Ids { get; } = new(null, 1 << 12);

        public List<Diagnostic> Diagnostics { get; } = [];

        public ExceptionDispatchInfo? Error { get; set; }

        public long LineFeeds { get; set; }
    }

    /// <summary>
    /// The parallel file scan: segment k covers the lines that start in [B(k·S), B((k+1)·S)), where B(x) is the first
    /// line start at or after x that follows a blank line, so every segment starts an entry and each line belongs to
    /// exactly one segment. Workers take segments in order, at most a few ahead of the writer; the calling thread writes
    /// the segments in order and replays their diagnostics with file line numbers.
    /// </summary>
    private sealed class SegmentedScan : IDisposable
    {
        private readonly SafeFileHandle _input;
        private readonly Stream _output;
        private readonly QueueReaderOptions _options;
        private readonly byte[] _needle;
        private readonly int _segmentSize;
        private readonly int _bufferSize;
        private readonly bool _vectorised;
        private readonly CancellationToken _cancellationToken;
        private readonly long _length;
        private readonly int _segments;
        private readonly SegmentResult?[] _results;
        private readonly object _gate = new();
        private readonly DateTimeOffset _reference;
        private SemaphoreSlim? _window;
        private int _next;
        private volatile bool _stop;

        public SegmentedScan(SafeFileHandle input, Stream output, QueueReaderOptions options, int segmentSize, int bufferSize, bool vectorised, CancellationToken cancellationToken)
        {
            _input = input;
            _output = output;
            _options = options;
            _needle = Needle(options)!;
            _segmentSize = segmentSize;
            _bufferSize = bufferSize;
            _vectorised = vectorised;
            _cancellationToken = cancellationToken;
            _length = RandomAccess.GetLength(input);
            _segments = (int)Math.Max(1, (_length + segmentSize - 1) / segmentSize);
            _results = new SegmentResult?[_segments];

            // Every segment infers years against the same reference time, as one front-to-back read would.
            _reference = options.ReferenceTime ?? DateTimeOffset.UtcNow;
        }

        public long Run(int maxDegreeOfParallelism)
        {
            var threads = Math.Min(maxDegreeOfParallelism, _segments);
            if (threads == 1)
            {
                var ids = new IdWriter(_output);
                long offset = 0;
                var lines = new NullSenderLineScanner(_needle, (b, o, c) => ReadAt(b, o, c, ref offset, _length), new byte[_bufferSize], atInputStart: true, _vectorised);
                try
                {
                    ScanToEnd(lines, new MailqTextParser(SegmentOptions(_options.Diagnostics)), new LineDecoder(), ids, atInputStart: true, _cancellationToken);
                }
                finally
                {
                    ids.Finish();
                }

                return ids.Count;
            }

            _window = new SemaphoreSlim(threads * 4);
            var workers = new Thread[threads];
            for (var i = 0; i < threads; i++)
            {
                workers[i] = new Thread(Work) { IsBackground = true, Name = "mailq null-sender scan" };
                workers[i].Start();
            }

            try
            {
                return WriteInOrder();
            }
            finally
            {
                _stop = true;
                _window.Release(threads);
                foreach (var worker in workers)
                {
                    worker.Join();
                }
            }
        }

        public void Dispose() => _window?.Dispose();

        private long WriteInOrder()
        {
            long count = 0;
            long lineBase = 0;
            try
            {
                WriteSegments(ref count, ref lineBase);
            }
            finally
            {
                _output.Flush();
            }

            return count;
        }

        private void WriteSegments(ref long count, ref long lineBase)
        {
            for (var k = 0; k < _segments; k++)
            {
                SegmentResult result;
                lock (_gate)
                {
                    while (_results[k] is null)
                    {
                        Monitor.Wait(_gate);
                    }

                    result = _results[k]!;
                    _results[k] = null;
                }

                _output.Write(result.Ids.Kept);
                count += result.Ids.Count;
                foreach (var diagnostic in result.Diagnostics)
                {
                    _options.Diagnostics?.Invoke(Shift(diagnostic, lineBase));
                }

                if (result.Error is { } error)
                {
                    if (error.SourceException is QueueFormatException format)
                    {
                        throw new QueueFormatException(Shift(format.Diagnostic, lineBase));
                    }

                    error.Throw();
                }

                lineBase += result.LineFeeds;
                _window!.Release();
            }
        }

        private static Diagnostic Shift(Diagnostic diagnostic, long lineBase) => QueueDiagnostics.Shift(diagnostic, lineBase);

        private QueueReaderOptions SegmentOptions(Action<Diagnostic>? diagnostics) => new()
        {
            Mode = _options.Mode,
            Diagnostics = diagnostics,
            EmptyAddressRecipient = _options.EmptyAddressRecipient,
            TimeZone = _options.TimeZone,
            ReferenceTime = _reference,
        };

        private void Work()
        {
            var buffer = new byte[_bufferSize];
            var decoder = new LineDecoder();
            while (true)
            {
                _window!.Wait();
                var k = Interlocked.Increment(ref _next) - 1;
                if (_stop || k >= _segments)
                {
                    return;
                }

                var result = new SegmentResult(k);
                try
                {
                    var start = k == 0 ? 0 : Boundary((long)k * _segmentSize);
                    var end = k == _segments - 1 ? _length : Boundary((long)(k + 1) * _segmentSize);
                    if (k == 0 || start < end)
                    {
                        var offset = start;
                        var lines = new NullSenderLineScanner(_needle, (b, o, c) => ReadAt(b, o, c, ref offset, end), buffer, atInputStart: k == 0, _vectorised);
                        try
                        {
                            ScanToEnd(lines, new MailqTextParser(SegmentOptions(result.Diagnostics.Add)), decoder, result.Ids, atInputStart: k == 0, _cancellationToken);
                        }
                        finally
                        {
                            result.LineFeeds = lines.LineFeeds;
                            buffer = lines.Buffer;
                        }
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Reported by the writer, in file order, after the IDs found before it.
                    result.Error = ExceptionDispatchInfo.Capture(e);
                }

                lock (_gate)
                {
                    _results[k] = result;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private int ReadAt(byte[] buffer, int offset, int count, ref long position, long end)
        {
            var n = (int)Math.Min(count, end - position);
            if (n <= 0)
            {
                return 0;
            }

            n = RandomAccess.Read(_input, buffer.AsSpan(offset, n), position);
            position += n;
            return n;
        }

        /// <summary>B(x): the first line start at or after <paramref name="from"/> that follows a blank line (LF LF or LF CR LF), or the file length.</summary>
        private long Boundary(long from)
        {
            if (from >= _length)
            {
                return _length;
            }

            var window = new byte[1 << 12];
            var position = Math.Max(0, from - 3);
            while (position < _length)
            {
                var n = RandomAccess.Read(_input, window, position);
                if (n == 0)
                {
                    break;
                }

                var span = window.AsSpan(0, n);
                for (var i = span.IndexOf((byte)'\n'); i >= 0 && i < n; i = NextLf(span, i))
                {
                    long end = -1;
                    if (i + 1 < n && span[i + 1] == (byte)'\n')
                    {
                        end = position + i + 2;
                    }
                    else if (i + 2 < n && span[i + 1] == (byte)'\r' && span[i + 2] == (byte)'\n')
                    {
                        end = position + i + 3;
                    }

                    if (end >= from)
                    {
                        return end;
                    }
                }

                if (position + n >= _length)
                {
                    break;
                }

                // Overlap by 2 bytes so that a pattern across the window edge is seen.
                position += Math.Max(1, n - 2);
            }

            return _length;
        }

        private static int NextLf(ReadOnlySpan<byte> span, int i)
        {
            var next = span[(i + 1)..].IndexOf((byte)'\n');
            return next < 0 ? -1 : i + 1 + next;
        }
    }
}
