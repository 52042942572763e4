using System.Text;
using Postfix.Queue.Reading;

namespace Postfix.Queue.Tests;

public sealed class PostqueueJsonReaderTests
{
    private static List<QueueMessage> Parse(string text, QueueReaderOptions? options = null) => [.. PostqueueJsonReader.Parse(text, options)];

    [Fact]
    public void Parse_Postfix311Members_ReadsOrigAddressAndAllReasons()
    {
        var m = Assert.Single(Parse(
            "{\"queue_name\": \"deferred\", \"queue_id\": \"4SZbBk2kTmzBvQ4\", \"arrival_time\": 1700000000, \"message_size\": 1234, \"forced_expire\": true, \"sender\": \"MAILER-DAEMON\", \"recipients\": [" +
            "{\"orig_address\": \"o@example.com\", \"address\": \"a@example.com\", \"delay_reason\": \"d\"}, " +
            "{\"orig_address\": \"b@example.com\", \"address\": \"b@example.com\", \"bounce_reason\": \"b\"}, " +
            "{\"address\": \"c@example.com\", \"other_reason\": \"x\", \"future_member\": {\"nested\": [1, 2]}}], \"future\": [true]}\n"));
        Assert.Equal(QueueName.Deferred, m.Queue);
        Assert.True(m.ForcedExpire);
        Assert.True(m.IsNullSender);
        Assert.True(m.ArrivalTimeIsExact);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), m.ArrivalTime);
        Assert.Equal(new[] { "o@example.com", "b@example.com", null }, m.Recipients.Select(r => r.OriginalAddress));
        Assert.Equal(new[] { "d", "b", "x" }, m.Recipients.Select(r => r.Reason));
        Assert.Equal(new[] { "d", null, null }, m.Recipients.Select(r => r.DelayReason));
    }

    [Fact]
    public void Parse_Postfix31SpuriousCommaAndBrokenEscape_RepairedInStrictMode()
    {
        var m = Assert.Single(Parse(
            "{\"queue_name\": \"hold\", \"queue_id\": \"4E5F21A0C3\", \"arrival_time\": 1, \"message_size\": 2, \"sender\": \"a\\uZZb@x\", \"recipients\": [{\"address\": \"r@x\", \"delay_reason\": \"why\",}]}\n"));
        Assert.Equal("a\\uZZb@x", m.Sender);
        Assert.Equal("why", m.Recipients[0].DelayReason);
        Assert.False(m.ForcedExpire);
    }

    [Fact]
    public void Read_NotUtf8_OneCharacterPerByte()
    {
        var bytes = Encoding.ASCII.GetBytes("{\"queue_name\": \"active\", \"queue_id\": \"4E5F21A0C3\", \"arrival_time\": 1, \"message_size\": 2, \"sender\": \"j?rg@x\", \"recipients\": []}\n");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xF6;
        var m = Assert.Single(PostqueueJsonReader.Read(new MemoryStream(bytes)));
        Assert.Equal("j\u00f6rg@x", m.Sender);
    }

    [Theory]
    [InlineData("{\"queue_name\": \"deferred\"", "PFQ2001")]
    [InlineData("[1, 2]", "PFQ2001")]
    [InlineData("{\"queue_name\": \"deferred\", \"arrival_time\": 1, \"message_size\": 2, \"sender\": \"a\", \"recipients\": []}", "PFQ2002")]
    [InlineData("{\"queue_name\": \"deferred\", \"queue_id\": \"4E5F21A0C3*\", \"arrival_time\": 1, \"message_size\": 2, \"sender\": \"a\", \"recipients\": []}", "PFQ2003")]
    [InlineData("{\"queue_name\": \"corrupt\", \"queue_id\": \"4E5F21A0C3\", \"arrival_time\": 1, \"message_size\": 2, \"sender\": \"a\", \"recipients\": []}", "PFQ2004")]
    [InlineData("{\"queue_name\": \"deferred\", \"queue_id\": \"4E5F21A0C3\", \"arrival_time\": 1, \"message_size\": 2, \"sender\": \"a\", \"recipients\": [{\"delay_reason\": \"x\"}]}", "PFQ2005")]
    [InlineData("{\"queue_name\": \"deferred\", \"queue_id\": \"4E5F21A0C3\", \"arrival_time\": \"soon\", \"message_size\": 2, \"sender\": \"a\", \"recipients\": []}", "PFQ2001")]
    public void Parse_Malformed_StrictThrowsLenientSkips(string line, string code)
    {
        var text = "{\"queue_name\": \"deferred\", \"queue_id\": \"4E5F21A0C4\", \"arrival_time\": 1, \"message_size\": 2, \"sender\": \"a\", \"recipients\": []}\n" + line + "\n";
        var e = Assert.Throws<QueueFormatException>(() => Parse(text));
        Assert.Equal((code, 2), (e.Diagnostic.Code, e.Diagnostic.Location.Line));
        Assert.EndsWith(": " + line, e.Diagnostic.Message, StringComparison.Ordinal);
        var diagnostics = new List<Postfix.Config.Syntax.Diagnostic>();
        var messages = Parse(text, new QueueReaderOptions { Mode = QueueReadMode.Lenient, Diagnostics = diagnostics.Add });
        Assert.Equal("4E5F21A0C4", Assert.Single(messages).Id.Value);
        Assert.Equal(code, Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void QueueListingReader_DetectsJsonAndText()
    {
        var json = QueueListingReader.Read(new MemoryStream(TestFiles.Bytes("postqueue-j-few.jsonl"))).ToList();
        var text = QueueListingReader.Read(new MemoryStream(TestFiles.Bytes("mailq-few.txt")), TestFiles.CaptureOptions()).ToList();
        Assert.Equal(json.Select(m => m.Id).Order(), text.Select(m => m.Id).Order());
        Assert.True(json.All(m => m.ArrivalTimeIsExact));
        Assert.True(text.All(m => !m.ArrivalTimeIsExact));
    }
}
