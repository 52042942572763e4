using System.Text;
using Postfix.Queue.Reading;
using Postfix.Queue.Writing;

namespace Postfix.Queue.Tests;

/// <summary>Every real Postfix 3.7.11 capture parses, and text and JSON captures of the same queue agree.</summary>
public sealed class CorpusTests
{
    public static TheoryData<string> TextCaptures => new(Directory.GetFiles(TestFiles.Dir, "*.txt").Select(Path.GetFileName).Where(n => n!.StartsWith("mailq-", StringComparison.Ordinal) || n!.StartsWith("postqueue-p-", StringComparison.Ordinal))!);

    public static TheoryData<string> JsonCaptures => new(Directory.GetFiles(TestFiles.Dir, "postqueue-j-*").Select(Path.GetFileName)!);

    public static TheoryData<string> Pairs => new("few", "long-ids-small", "active-30-stalled");

    public static TheoryData<string> Transcripts => new(Directory.GetFiles(TestFiles.Dir, "postsuper-*.txt").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(TextCaptures))]
    public void MailqTextReader_EveryTextCapture_ParsesStrictlyWithEveryEntry(string name)
    {
        var bytes = TestFiles.Bytes(name);
        var messages = MailqTextReader.Read(new MemoryStream(bytes), TestFiles.CaptureOptions()).ToList();
        var text = Encoding.UTF8.GetString(bytes);
        var entryLines = text.Split('\n').Count(l => l.Length > 0 && char.IsAsciiLetterOrDigit(l[0]) && l != "Mail queue is empty");
        Assert.Equal(entryLines, messages.Count);
        Assert.All(messages, m => Assert.True(m.Id.HasValue));
    }

    [Theory]
    [MemberData(nameof(JsonCaptures))]
    public void PostqueueJsonReader_EveryJsonCapture_ParsesStrictlyOneMessagePerLine(string name)
    {
        var bytes = TestFiles.Bytes(name);
        var messages = PostqueueJsonReader.Read(new MemoryStream(bytes), TestFiles.CaptureOptions()).ToList();
        Assert.Equal(bytes.Count(b => b == (byte)'\n'), messages.Count);
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void QueueListingReader_EveryListingInsideTranscripts_ParsesStrictly(string name)
    {
        var count = 0;
        foreach (var (command, stdout) in TestFiles.TranscriptListings(name))
        {
            var isJson = command.Contains(" -j", StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(stdout);
            var messages = isJson
                ? PostqueueJsonReader.Read(new MemoryStream(bytes), TestFiles.CaptureOptions()).ToList()
                : MailqTextReader.Read(new MemoryStream(bytes), TestFiles.CaptureOptions()).ToList();
            var expected = isJson ? stdout.Count(c => c == '\n') : stdout.Split('\n').Count(l => l.Length > 0 && char.IsAsciiLetterOrDigit(l[0]) && l != "Mail queue is empty");
            Assert.Equal(expected, messages.Count);
            count++;
        }

        Assert.True(count > 0);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Readers_TextAndJsonOfSameQueue_GiveSameMessagesRecipientsAndReasons(string pair)
    {
        var text = MailqTextReader.Read(new MemoryStream(TestFiles.Bytes($"mailq-{pair}.txt")), TestFiles.CaptureOptions()).ToList();
        var json = PostqueueJsonReader.Read(new MemoryStream(TestFiles.Bytes($"postqueue-j-{pair}.jsonl")), TestFiles.CaptureOptions()).ToList();
        Assert.Equal(json.Count, text.Count);
        var byId = json.ToDictionary(m => m.Id);
        foreach (var t in text)
        {
            var j = byId[t.Id];
            Assert.Equal(j.Size, t.Size);
            Assert.Equal(j.Sender, t.Sender);
            Assert.Equal(j.IsNullSender, t.IsNullSender);
            Assert.Equal(j.ForcedExpire, t.ForcedExpire);
            Assert.Equal(j.ArrivalTime, t.ArrivalTime);
            Assert.True(j.ArrivalTimeIsExact);
            Assert.False(t.ArrivalTimeIsExact);
            Assert.Equal(j.Queue is QueueName.Active or QueueName.Hold ? j.Queue : null, t.Queue);
            Assert.Equal(j.Recipients.Select(r => (r.Address, r.DelayReason)), t.Recipients.Select(r => (r.Address, r.DelayReason)));
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void MailqTextWriter_JsonCaptureRendered_EqualsPostfixTextByteForByte(string pair)
    {
        var json = PostqueueJsonReader.Read(new MemoryStream(TestFiles.Bytes($"postqueue-j-{pair}.jsonl")), TestFiles.CaptureOptions()).ToList();
        var layout = json[0].Id.IsLong ? MailqLayout.Long : MailqLayout.Short;
        var rendered = MailqTextWriter.Render(json, layout, TimeZoneInfo.Utc);
        Assert.Equal(TestFiles.Text($"mailq-{pair}.txt"), rendered);
    }

    [Theory]
    [MemberData(nameof(JsonCaptures))]
    public void PostqueueJsonWriter_JsonCapture_ReproducedByteForByte(string name)
    {
        var original = TestFiles.Text(name);
        var messages = PostqueueJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(original)), TestFiles.CaptureOptions()).ToList();
        using var output = new StringWriter();
        PostqueueJsonWriter.Write(output, messages);
        Assert.Equal(original, output.ToString());
    }

    [Fact]
    public void MailqTextReader_EmptyQueue_NoMessages()
    {
        Assert.Empty(MailqTextReader.Read(new MemoryStream(TestFiles.Bytes("mailq-empty.txt")), TestFiles.CaptureOptions()));
        Assert.Empty(PostqueueJsonReader.Read(new MemoryStream(TestFiles.Bytes("postqueue-j-empty.txt")), TestFiles.CaptureOptions()));
    }

    [Fact]
    public void MailqTextReader_FewCapture_RecognisesNullSenderActiveAndUtf8()
    {
        var messages = MailqTextReader.Read(new MemoryStream(TestFiles.Bytes("mailq-few.txt")), TestFiles.CaptureOptions()).ToList();
        var active = Assert.Single(messages, m => m.Queue == QueueName.Active);
        Assert.Equal("51837B202EA", active.Id.Value);
        Assert.Equal("z@slow.test", Assert.Single(active.Recipients).Address);
        Assert.Null(active.Recipients[0].DelayReason);
        var bounce = Assert.Single(messages, m => m.Id.Value == "574D6B202E7");
        Assert.True(bounce.IsNullSender);
        Assert.Contains(messages, m => m.Sender == "jörg@sender.test" && m.Recipients[0].Address == "üser@dead.test");
        var carol = Assert.Single(messages, m => m.Sender == "carol@sender.test");
        Assert.Equal(
            ["simulated outage for testing", "connect to 127.0.0.1[127.0.0.1]:9: Connection refused", "connect to ::1[::1]:9: Connection refused", "host 127.0.0.1[127.0.0.1] said: 450 4.3.0 Error: command failed (in reply to RCPT TO command)"],
            carol.Recipients.Select(r => r.DelayReason));
    }

    [Fact]
    public void QueueId_LongIdsOfCapture_EnqueueTimeMatchesArrivalTime()
    {
        var json = PostqueueJsonReader.Read(new MemoryStream(TestFiles.Bytes("postqueue-j-long-ids-small.jsonl")), TestFiles.CaptureOptions()).ToList();
        Assert.All(json, m =>
        {
            Assert.True(m.Id.IsLong);
            var enqueued = m.Id.EnqueueTime!.Value;
            Assert.InRange((enqueued - m.ArrivalTime).TotalSeconds, -2, 2);
        });
    }
}
