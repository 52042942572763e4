using Postfix.Queue.Files;

namespace Postfix.Queue.Tests.Files;

/// <summary>
/// Inputs the queuefile fuzz target found (TestData/QueueFiles/fuzz; replay: <c>scripts/fuzz.sh --replay queuefile
/// FILE</c>): a size record whose content end points back made <see cref="QueueFile.Parse"/> loop forever, and a seek
/// beyond 2 GB in a MemoryStream escaped as ArgumentOutOfRangeException. Each must now end quickly with nothing but
/// diagnostics or <see cref="QueueFormatException"/>.
/// </summary>
public sealed class QueueFileFuzzRegressionTests
{
    public static TheoryData<string> Findings() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "fuzz"), "*.bin").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Findings))]
    public async Task Finding_EndsWithDiagnosticsOnly(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "fuzz", name), TestContext.Current.CancellationToken);
        var work = Task.Run(
            () =>
            {
                foreach (var headers in new[] { true, false })
                {
                    var file = QueueFile.Parse(bytes, new QueueFileOptions { ReadHeaders = headers });
                    Assert.NotNull(file.Diagnostics);
                    if (file.BodyOffset is not null)
                    {
                        try
                        {
                            using var body = file.OpenBody(new MemoryStream(bytes, false), leaveOpen: false);
                            body.CopyTo(Stream.Null);
                        }
                        catch (QueueFormatException)
                        {
                            // Documented.
                        }
                    }
                }

                foreach (var options in new[] { new PostcatOptions(), new PostcatOptions { Envelope = true, Header = true, Body = true, Offsets = true }, new PostcatOptions { Verbose = true, Raw = true } })
                {
                    try
                    {
                        new PostcatWriter(Stream.Null, options with { TimeZone = TimeZoneInfo.Utc }).Write(new MemoryStream(bytes, false), "fuzz");
                    }
                    catch (QueueFormatException)
                    {
                        // Documented.
                    }
                }
            },
            TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.True(finished == work, $"{name}: still running after 20 s (the hang is back)");
        await work;
    }

    [Fact]
    public void RecordReader_SeekFarBeyondTheEnd_SeesTheEnd()
    {
        using var reader = new QueueRecordReader(new MemoryStream([(byte)'E', 0]), leaveOpen: false);
        reader.Seek(5_000_000_000);
        Assert.Equal(5_000_000_000, reader.Position);
        Assert.False(reader.TryRead(out _));
    }
}
