using Postfix.Queue.Files;

namespace Postfix.Queue.Tests.Files;

/// <summary>The typed queue-file model on real Postfix 3.7.11 queue files (TestData/QueueFiles/messages).</summary>
public sealed class QueueFileTests
{
    private static string Message(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "messages", name + ".bin");

    [Fact]
    public void Load_SimpleMessage_ReadsEnvelopeAndHeaders()
    {
        var file = QueueFile.Load(Message("m01-simple"));
        Assert.Empty(file.Diagnostics);
        Assert.True(file.IsComplete);
        Assert.Equal(new QueueSizeRecord(257, 273, 1, 0, 257, 0), file.Size);
        Assert.Equal(1796663579, file.ArrivalSeconds);
        Assert.Equal(367826, file.ArrivalMicroseconds);
        Assert.Equal("alice@pftest.test", file.Sender);
        Assert.Equal("root", file.SenderFullName);
        Assert.Equal(1796677979, file.WarningTime);
        var rcpt = Assert.Single(file.Recipients);
        Assert.Equal("bob@dead.test", rcpt.Address);
        Assert.Equal("bob@dead.test", rcpt.OriginalAddress);
        Assert.Equal("rfc822;bob@dead.test", rcpt.DsnOriginalRecipient);
        Assert.Equal(QueueRecipientStatus.Pending, rcpt.Status);
        Assert.Equal(256, rcpt.Offset);
        Assert.Equal("tiny", file.Subject);
        Assert.Equal(["Received", "From", "To", "Subject", "Message-ID", "Date"], file.Headers.Select(h => h.Name));
        Assert.Equal("by pftest.test (Postfix, from userid 0)\tid 61ECFB26644; Mon,  7 Dec 2026 17:12:59 +0000 (UTC)", file.Header("received")!.Value);
        Assert.Equal(518, file.BodyOffset);
        using var body = file.OpenBody(new System.IO.Abstractions.FileSystem());
        using var reader = new StreamReader(body);
        Assert.Equal("Hello Bob.\n", reader.ReadToEnd());
    }

    [Fact]
    public void Load_SaslAndXforward_ExposesAttributes()
    {
        var sasl = QueueFile.Load(Message("m09-sasl"));
        Assert.NotNull(sasl.SaslUsername);
        Assert.Equal("PLAIN", sasl.Attribute("sasl_method"));
        var xforward = QueueFile.Load(Message("m08-xforward-dsn"));
        Assert.Equal("client.example", xforward.ClientName);
        Assert.Equal("192.0.2.7", xforward.ClientAddress);
        Assert.Equal("helo.example", xforward.HeloName);
        Assert.Equal("127.0.0.1", xforward.Attribute("client_address"));
        Assert.NotNull(xforward.EnvelopeId);
        Assert.NotNull(xforward.DsnReturn);
        Assert.Contains(xforward.Recipients, r => r.NotifyFlags == 6);
    }

    [Fact]
    public void Load_DoneRecipientAndMilterEdits_FollowsPointers()
    {
        var many = QueueFile.Load(Message("m04-many-rcpt"));
        Assert.Equal(25, many.Recipients.Count);
        Assert.Single(many.Recipients, r => r.Status == QueueRecipientStatus.Done);
        var edited = QueueFile.Load(Message("m15-milter-edits"));
        Assert.Empty(edited.Diagnostics);
        Assert.StartsWith("changed-sender@", edited.Sender, StringComparison.Ordinal);
        Assert.Contains(edited.Recipients, r => r.Status == QueueRecipientStatus.Canceled);
    }

    [Fact]
    public void Load_LongHeader_JoinsChunksAndUnfolds()
    {
        var file = QueueFile.Load(Message("m03-long-headers"));
        var longHeader = file.Header("X-Long-Unfolded");
        Assert.NotNull(longHeader);
        Assert.True(longHeader.Raw.Length > 4096);
        Assert.DoesNotContain('\n', file.Subject!);
        using var body = file.OpenBody(new System.IO.Abstractions.FileSystem());
        var first = new StreamReader(body).ReadLine();
        Assert.StartsWith("Body", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PostdropFile_IsRecognised()
    {
        var file = QueueFile.Load(Message("m31-maildrop-nobody"));
        Assert.True(file.IsPostdropFormat);
        Assert.Null(file.Size);
        Assert.Equal("nobody", file.Sender);
        Assert.NotEmpty(file.Recipients);
        Assert.All(file.Recipients, r => Assert.True(r.Extracted));
    }

    [Theory]
    [InlineData("m01-simple")]
    [InlineData("m02-mime-8bit")]
    [InlineData("m15-milter-edits")]
    [InlineData("m27-milter-short-header")]
    [InlineData("m33-delay-notice-ndr")]
    public void OpenBody_EqualsPostcatBodyAfterTheSeparator(string name)
    {
        var file = QueueFile.Load(Message(name));
        using var body = file.OpenBody(new System.IO.Abstractions.FileSystem());
        var ours = new MemoryStream();
        body.CopyTo(ours);
        var (expected, _, _) = PostcatCorpusTests.Postcat("b", Message(name), name + ".bin");
        // postcat -b starts with the empty separator line.
        Assert.Equal(expected.AsSpan(1).ToArray(), ours.ToArray());
    }

    [Fact]
    public void RecordReader_TruncatedFile_ThrowsWithOffset()
    {
        var bytes = File.ReadAllBytes(Message("m01-simple"))[..300];
        using var reader = new QueueRecordReader(new MemoryStream(bytes), QueueRecordReaderOptions.Default with { Path = "m01.bin" });
        var e = Assert.Throws<QueueFormatException>(() => reader.ReadAll().ToList());
        Assert.Equal("m01.bin: unexpected EOF in data, record type 78 length 49", e.Message);
        Assert.Equal(273, e.Offset);
        var parsed = QueueFile.Parse(bytes);
        Assert.True(parsed.HasErrors);
        Assert.Equal("alice@pftest.test", parsed.Sender);
    }

    [Fact]
    public void Parse_SmtputfMessage_KeepsUtf8AndNonUtf8Bytes()
    {
        var file = QueueFile.Load(Message("m07-smtputf8"));
        Assert.Equal(7, file.Size!.SmtputfFlags);
        Assert.Contains(file.Sender!, c => c > 127);
        var bytes = new List<byte> { (byte)'S', 3, (byte)'a', 0xff, (byte)'b' };
        var odd = QueueFile.Parse(bytes.ToArray());
        Assert.Equal("a\udcffb", odd.Sender);
    }
}
