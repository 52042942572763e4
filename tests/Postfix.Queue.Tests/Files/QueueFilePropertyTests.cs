using FsCheck;
using FsCheck.Fluent;
using Postfix.Queue.Files;

namespace Postfix.Queue.Tests.Files;

/// <summary>
/// FsCheck properties on damaged and truncated queue files (real files with bytes cut, flipped, inserted): the record
/// reader throws nothing but <see cref="QueueFormatException"/> and always ends; the typed model and postcat never throw
/// anything else either.
/// </summary>
public sealed class QueueFilePropertyTests
{
    private static readonly byte[][] Seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "messages"), "*.bin")
        .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "synthetic"), "*.bin"))
        .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();

    private static Gen<byte[]> Damaged() =>
        from seed in Gen.Elements(Seeds)
        from kind in Gen.Choose(0, 4)
        from at in Gen.Choose(0, Math.Max(0, seed.Length - 1))
        from value in Gen.Choose(0, 255)
        from count in Gen.Choose(1, 8)
        select Damage(seed, kind, at, (byte)value, count);

    private static byte[] Damage(byte[] seed, int kind, int at, byte value, int count)
    {
        var copy = seed.ToList();
        switch (kind)
        {
            case 0:
                return seed[..at];
            case 1:
                for (var i = at; i < Math.Min(seed.Length, at + count); i++)
                {
                    copy[i] = value;
                }

                break;
            case 2:
                copy.InsertRange(at, Enumerable.Repeat(value, count));
                break;
            case 3:
                copy.RemoveRange(at, Math.Min(count, seed.Length - at));
                break;
            default:
                copy[at] = (byte)(copy[at] ^ (1 << (value % 8)));
                break;
        }

        return [.. copy];
    }

    [Fact]
    public void RecordReader_DamagedFile_ThrowsOnlyQueueFormatExceptionAndEnds()
    {
        Prop.ForAll(Damaged().ToArbitrary(), bytes =>
        {
            foreach (var options in new[] { QueueRecordReaderOptions.Default, QueueRecordReaderOptions.Raw })
            {
                using var reader = new QueueRecordReader(new MemoryStream(bytes), options);
                var count = 0;
                try
                {
                    while (reader.TryRead(out var record))
                    {
                        count++;
                        Assert.True(record.Offset >= 0 && record.Offset < bytes.Length);
                        // Postfix follows a pointer loop until its 10,000th backward jump and reads every pass
                        // (TestData/QueueFiles/damaged: real postcat prints some 10 MB for a 3 KB file). A simple loop
                        // reads at most one record per two bytes per pass; forward jumps nested inside one pass could
                        // read more, but of 75 million damages of these seeds (6,992 of them loops) none read more than
                        // 9% of this bound.
                        Assert.True(count <= (10_001L * ((bytes.Length / 2) + 1)) + 1, "the reader did not end");
                    }
                }
                catch (QueueFormatException e)
                {
                    Assert.NotNull(e.Offset);
                    Assert.InRange(e.Offset!.Value, 0, bytes.Length);
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void QueueFileAndPostcat_DamagedFile_NeverThrowAnythingElse()
    {
        Prop.ForAll(Damaged().ToArbitrary(), bytes =>
        {
            var file = QueueFile.Parse(bytes);
            Assert.NotNull(file.Recipients);
            _ = QueueFile.Parse(bytes, new QueueFileOptions { ReadHeaders = false });
            if (file.BodyOffset is not null)
            {
                try
                {
                    using var body = file.OpenBody(new MemoryStream(bytes), leaveOpen: false);
                    body.CopyTo(Stream.Null);
                }
                catch (QueueFormatException)
                {
                }
            }

            foreach (var options in new[] { new PostcatOptions(), new PostcatOptions { Body = true }, new PostcatOptions { Envelope = true, Offsets = true }, new PostcatOptions { Verbose = true, Raw = true }, new PostcatOptions { Header = true }, new PostcatOptions { Envelope = true }, new PostcatOptions { Envelope = true, Header = true } })
            {
                try
                {
                    new PostcatWriter(Stream.Null, options with { TimeZone = TimeZoneInfo.Utc }).Write(new MemoryStream(bytes), "x");
                }
                catch (QueueFormatException)
                {
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RecordReader_PointerLoop_StopsAfterTenThousandReverseJumps()
    {
        // p record at 0 pointing to itself: "p" len 15 "              1"? Use offset 2 of a record that points back.
        var loop = new List<byte> { (byte)'N', 0 };
        var pointer = System.Text.Encoding.ASCII.GetBytes("              2");
        loop.Add((byte)'p');
        loop.Add((byte)pointer.Length);
        loop.AddRange(pointer);
        using var reader = new QueueRecordReader(new MemoryStream(loop.ToArray()), QueueRecordReaderOptions.Default with { Path = "loop" });
        var e = Assert.Throws<QueueFormatException>(() => reader.ReadAll().Count());
        Assert.Equal("loop: too many reverse jump records", e.Message);
    }

    [Fact]
    public void RecordReader_FiveLengthBytesOverflow_IsIllegalLength()
    {
        using var reader = new QueueRecordReader(new MemoryStream([(byte)'N', 0x80, 0x80, 0x80, 0x80, 0x08]), QueueRecordReaderOptions.Default with { Path = "f" });
        var e = Assert.Throws<QueueFormatException>(() => reader.Read());
        Assert.Equal("f: illegal length -2147483648, record type 78", e.Message);
        using var six = new QueueRecordReader(new MemoryStream([(byte)'N', 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), QueueRecordReaderOptions.Default with { Path = "f" });
        Assert.Equal("f: too many length bits, record type 78", Assert.Throws<QueueFormatException>(() => six.Read()).Message);
    }
}
