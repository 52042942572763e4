using System.Diagnostics;
using System.Text;
using Postfix.Queue.Reading;

namespace Postfix.Queue.Tests.Hostile;

/// <summary>
/// A huge <c>postqueue -j</c> listing streams in constant memory. The default size keeps CI short (256 MiB);
/// PFNET_HUGE_LISTING_MB=2048 runs the 2 GiB case recorded in benchmarks/results/fuzzing.md.
/// </summary>
public sealed class HugeListingTests
{
    [Fact]
    public void PostqueueJson_HugeListing_StreamsInConstantMemory()
    {
        var megabytes = long.TryParse(Environment.GetEnvironmentVariable("PFNET_HUGE_LISTING_MB"), out var mb) ? mb : 256;
        using var stream = new GeneratedListing(megabytes * 1024 * 1024);
        long count = 0;
        long peak = 0;
        var started = Stopwatch.StartNew();
        foreach (var message in PostqueueJsonReader.Read(stream))
        {
            count++;
            if ((count & 0x3FFF) == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
            }

            Assert.Equal(count, message.LineNumber);
        }

        Assert.Equal(stream.Lines, count);
        Assert.True(peak < 256L * 1024 * 1024, $"managed heap reached {peak / 1024 / 1024} MiB while streaming");
        TestContext.Current.SendDiagnosticMessage($"{megabytes} MiB, {count} messages in {started.ElapsedMilliseconds} ms, heap peak {peak / 1024 / 1024} MiB");
    }

    [Fact]
    public void PostqueueJson_LineLongerThanTheLimit_DocumentedDiagnosticNotMemory()
    {
        // 40 MiB without a newline: over the reader's 16 MiB line limit (PFQ0001), reported, not buffered.
        using var stream = new GeneratedListing(0, oneHugeLine: 40L * 1024 * 1024);
        var e = Assert.Throws<QueueFormatException>(() => PostqueueJsonReader.Read(stream).Count());
        Assert.Equal("PFQ0001", e.Diagnostic.Code);
    }

    /// <summary>A read-only stream that makes up postqueue -j lines (or one endless line) on the fly.</summary>
    private sealed class GeneratedListing(long limit, long oneHugeLine = 0) : Stream
    {
        private byte[] _line = [];
        private int _offset;
        private long _produced;

        public long Lines { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (oneHugeLine > 0)
            {
                var n = (int)Math.Min(count, oneHugeLine - _produced);
                buffer.AsSpan(offset, n).Fill((byte)'{');
                _produced += n;
                return n;
            }

            if (_offset == _line.Length)
            {
                if (_produced >= limit)
                {
                    return 0;
                }

                Lines++;
                var id = $"4E5F2{Lines:X}";
                _line = Encoding.ASCII.GetBytes(
                    $"{{\"queue_name\": \"deferred\", \"queue_id\": \"{id}\", \"arrival_time\": {1700000000 + Lines}, \"message_size\": {Lines % 100000}, \"forced_expire\": false, \"sender\": \"s{Lines}@example.com\", \"recipients\": [{{\"address\": \"r{Lines}@example.net\", \"delay_reason\": \"connect to mx.example.net[192.0.2.1]:25: Connection timed out\"}}]}}\n");
                _offset = 0;
            }

            var take = Math.Min(count, _line.Length - _offset);
            _line.AsSpan(_offset, take).CopyTo(buffer.AsSpan(offset));
            _offset += take;
            _produced += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
