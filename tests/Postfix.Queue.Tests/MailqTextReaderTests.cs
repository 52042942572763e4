using Postfix.Queue.Reading;

namespace Postfix.Queue.Tests;

public sealed class MailqTextReaderTests
{
    private static readonly QueueReaderOptions Utc = TestFiles.CaptureOptions();

    private static List<QueueMessage> Parse(string text, QueueReaderOptions? options = null) => [.. MailqTextReader.Parse(text, options ?? Utc)];

    [Fact]
    public void Parse_Postfix30ShortLayoutWithBlankStatus_ReadsEntry()
    {
        // <= 3.4 appended a blank as the status of unmarked entries; <= 3.0 header has one space after -Queue ID-.
        var messages = Parse(
            "-Queue ID- --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "4E5F21A0C3      1234 Tue Nov 24 22:13:20  sender@example.com\n" +
            "                       (connect to 127.0.0.1[127.0.0.1]:9: Connection refused)\n" +
            "                                         rcpt@example.net\n" +
            "                                         rcpt2@example.net\n\n" +
            "-- 1 Kbytes in 1 Request.\n");
        var m = Assert.Single(messages);
        Assert.Equal("4E5F21A0C3", m.Id.Value);
        Assert.Null(m.Queue);
        Assert.Equal(1234, m.Size);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 22, 13, 20, TimeSpan.Zero), m.ArrivalTime);
        Assert.All(m.Recipients, r => Assert.Equal("connect to 127.0.0.1[127.0.0.1]:9: Connection refused", r.DelayReason));
    }

    [Fact]
    public void Parse_MarksActiveHoldAndExpired_SetQueueAndForcedExpire()
    {
        var messages = Parse(
            "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "4E5F21A0C3*#    1234 Tue Nov 24 22:13:20  a@example.com\n" +
            "                                         r@example.net\n\n" +
            "4E5F21A0C4!#    1234 Tue Nov 24 22:13:20  b@example.com\n" +
            "                                         r@example.net\n\n" +
            "4E5F21A0C5#     1234 Tue Nov 24 22:13:20  c@example.com\n" +
            "                                         r@example.net\n\n" +
            "-- 3 Kbytes in 3 Requests.\n");
        Assert.Equal(
            [(QueueName.Active, true), (QueueName.Hold, true), ((QueueName?)null, true)],
            messages.Select(m => (m.Queue, m.ForcedExpire)));
        Assert.Equal(["*#", "!#", "#"], messages.Select(m => m.StatusMarks));
    }

    [Fact]
    public void Parse_OversizedColumnsSenderWithSpacesAndPaddedDay_ParsesByWhitespace()
    {
        var messages = Parse(
            "----Queue ID----- --Size-- ---Arrival Time---- --Sender/Recipient------\n" +
            "4SZbBk2kTmzBvQ4!# 123456789 Wed Nov  4 02:03:04 \"john doe\"@example.com\n" +
            "                                               (reason unavailable)x@example.org\n\n" +
            "-- 120563 Kbytes in 1 Request.\n");
        var m = Assert.Single(messages);
        Assert.Equal(123456789, m.Size);
        Assert.Equal("\"john doe\"@example.com", m.Sender);
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 2, 3, 4, TimeSpan.Zero), m.ArrivalTime);
        Assert.True(m.Id.IsLong);
    }

    [Fact]
    public void Parse_ReasonUnavailableAndLongReasonWithParentheses_PerRecipientReasons()
    {
        var longReason = "host mx.example.net[192.0.2.1] said: 451 4.7.1 Greylisted, see http://example.net/x (in reply to RCPT TO command)";
        var messages = Parse(
            "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "4E5F21A0C3      1234 Tue Nov 24 22:13:20  MAILER-DAEMON\n" +
            $"({longReason})\n" +
            "                                         a@example.net\n" +
            "                                         b@example.net\n" +
            "                                                          (reason unavailable)\n" +
            "                                         c@example.net\n\n" +
            "-- 1 Kbytes in 1 Request.\n");
        var m = Assert.Single(messages);
        Assert.True(m.IsNullSender);
        Assert.Equal([longReason, longReason, null], m.Recipients.Select(r => r.DelayReason));
    }

    [Fact]
    public void Parse_RecipientInParenthesesAtFullWidth_IsRecipientWhenNoRecipientFollows()
    {
        // A recipient "(" + 35 chars + ")" at the 41-column indent looks exactly like a 35-char reason line.
        var odd = "(" + new string('x', 35) + ")";
        var messages = Parse(
            "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "4E5F21A0C3      1234 Tue Nov 24 22:13:20  a@example.com\n" +
            "                                         r@example.net\n" +
            new string(' ', 41) + odd + "\n\n" +
            "-- 1 Kbytes in 1 Request.\n");
        Assert.Equal(["r@example.net", odd], Assert.Single(messages).Recipients.Select(r => r.Address));
    }

    [Fact]
    public void Parse_EmptyQueue_NoMessages()
    {
        Assert.Empty(Parse("Mail queue is empty\n"));
    }

    [Fact]
    public void Parse_CustomEmptyAddressRecipient_RecognisesNullSenderOnlyByThatName()
    {
        var text = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "4E5F21A0C3      1234 Tue Nov 24 22:13:20  bounce-handler\n" +
            "                                         r@example.net\n\n" +
            "4E5F21A0C4      1234 Tue Nov 24 22:13:20  MAILER-DAEMON\n" +
            "                                         r@example.net\n\n" +
            "-- 2 Kbytes in 2 Requests.\n";
        var messages = Parse(text, new QueueReaderOptions { TimeZone = TimeZoneInfo.Utc, ReferenceTime = Utc.ReferenceTime, EmptyAddressRecipient = "bounce-handler" });
        Assert.Equal([true, false], messages.Select(m => m.IsNullSender));
    }

    [Theory]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3*!    12 Tue Nov 24 22:13:20  a@b\n\n-- 0 Kbytes in 1 Request.\n", "PFQ1002", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F20ABC      12 Tue Nov 24 22:13:20  a@b\n\n-- 0 Kbytes in 1 Request.\n", "PFQ1003", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3     12 Mon Feb 30 22:13:20  a@b\n\n-- 0 Kbytes in 1 Request.\n", "PFQ1004", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3     12 Tue Nov 24 22:13:20  a@b\n                       (connect to 127.0.0.1[127.0.0.1]:9: Connection refused)\n\n-- 0 Kbytes in 1 Request.\n", "PFQ1005", 3)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3     12 Tue Nov 24 22:13:20  a@b\ngarbage\n\n-- 0 Kbytes in 1 Request.\n", "PFQ1006", 3)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3     12 Tue Nov 24 22:13:20  a@b\n\n-- 0 Kbytes in 2 Requests.\n", "PFQ1008", 4)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3     12 Tue Nov 24 22:13:20  a@b\n", "PFQ1009", 3)]
    [InlineData("hello\n", "PFQ1001", 1)]
    [InlineData("Mail queue is empty\nmore\n", "PFQ1007", 2)]
    [InlineData("", "PFQ1009", 1)]
    public void Parse_MalformedStrict_ThrowsWithCodeLineAndRawLine(string text, string code, long line)
    {
        var e = Assert.Throws<QueueFormatException>(() => Parse(text));
        Assert.Equal(code, e.Diagnostic.Code);
        Assert.Equal(line, e.Diagnostic.Location.Line);
        var lines = text.Split('\n');
        if (line <= lines.Length && code != "PFQ1009" && code != "PFQ1005" && lines[line - 1].Length > 0)
        {
            Assert.EndsWith(": " + lines[line - 1], e.Diagnostic.Message, StringComparison.Ordinal);   // the offending line follows the message
        }
    }

    [Fact]
    public void Parse_MalformedLenient_ReportsAndSkipsOnlyTheBadEntry()
    {
        var diagnostics = new List<Postfix.Config.Syntax.Diagnostic>();
        var options = new QueueReaderOptions { Mode = QueueReadMode.Lenient, Diagnostics = diagnostics.Add, TimeZone = TimeZoneInfo.Utc, ReferenceTime = Utc.ReferenceTime };
        var messages = Parse(
            "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "4E5F21A0C3*!    12 Tue Nov 24 22:13:20  a@b\n" +
            "                                         r@example.net\n\n" +
            "4E5F21A0C4      12 Tue Nov 24 22:13:20  c@d\n" +
            "                                         r@example.net\n\n" +
            "-- 0 Kbytes in 2 Requests.\n",
            options);
        Assert.Equal("4E5F21A0C4", Assert.Single(messages).Id.Value);
        var d = Assert.Single(diagnostics);
        Assert.Equal(("PFQ1002", 2, 1), (d.Code, d.Location.Line, d.Location.Column));
        Assert.EndsWith(": 4E5F21A0C3*!    12 Tue Nov 24 22:13:20  a@b", d.Message, StringComparison.Ordinal);
        Assert.Equal(Postfix.Config.Syntax.DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public void Read_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var stream = new MemoryStream(TestFiles.Bytes("mailq-few.txt"));
        Assert.Throws<OperationCanceledException>(() => MailqTextReader.Read(stream, Utc, cts.Token).ToList());
    }

    [Fact]
    public async Task ReadAsync_SameAsSyncRead()
    {
        var bytes = TestFiles.Bytes("mailq-active-30-stalled.txt");
        var sync = MailqTextReader.Read(new MemoryStream(bytes), Utc).Select(m => m.Id).ToList();
        var list = new List<QueueId>();
        await foreach (var m in MailqTextReader.ReadAsync(new MemoryStream(bytes), Utc, TestContext.Current.CancellationToken))
        {
            list.Add(m.Id);
        }

        Assert.Equal(sync, list);
        Assert.Equal(49, list.Count);
    }

    [Fact]
    public void Parse_YearInference_PicksMostRecentYearWithThatWeekday()
    {
        // Feb 29 on a Thursday: 2024. Referenced from late 2026, the most recent such date is 2024-02-29.
        var m = Assert.Single(Parse(
            "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n" +
            "4E5F21A0C3      12 Thu Feb 29 10:00:00  a@b\n\n" +
            "-- 0 Kbytes in 1 Request.\n"));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 10, 0, 0, TimeSpan.Zero), m.ArrivalTime);
    }
}
