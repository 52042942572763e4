using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Queue.Reading;
using Postfix.Queue.Selection;

namespace Postfix.Queue.Tests;

/// <summary>The header-only fast path agrees with the full reader on everything but the recipients.</summary>
public sealed class HeaderScanTests
{
    private static string Head(QueueMessage m) => $"{m.Id}|{m.StatusMarks}|{m.Size}|{m.ArrivalTime.UtcTicks}|{m.Sender}|{m.IsNullSender}|{m.LineNumber}";

    [Theory]
    [InlineData("mailq-few.txt")]
    [InlineData("mailq-long-ids-small.txt")]
    [InlineData("mailq-active-30-stalled.txt")]
    [InlineData("mailq-empty.txt")]
    public void ReadHeaders_Captures_SameHeadsAsFullRead(string name)
    {
        var bytes = TestFiles.Bytes(name);
        var full = MailqTextReader.Read(new MemoryStream(bytes), TestFiles.CaptureOptions()).Select(Head).ToList();
        var heads = MailqTextReader.ReadHeaders(new MemoryStream(bytes), TestFiles.CaptureOptions()).ToList();
        Assert.Equal(full, heads.Select(Head));
        Assert.All(heads, m => Assert.Empty(m.Recipients));
    }

    [Theory]
    [InlineData("mailq-few.txt")]
    [InlineData("mailq-long-ids-small.txt")]
    [InlineData("mailq-active-30-stalled.txt")]
    [InlineData("mailq-empty.txt")]
    [InlineData("postqueue-p-few.txt")]
    public void MailqNullSenderScanner_Captures_SameAsFullReaderSelection(string name)
    {
        var bytes = TestFiles.Bytes(name);
        var full = MailqTextReader.Read(new MemoryStream(bytes), TestFiles.CaptureOptions()).Where(m => m.IsNullSender).Select(Head).ToList();
        var fast = MailqNullSenderScanner.Scan(new MemoryStream(bytes), TestFiles.CaptureOptions()).Select(Head).ToList();
        Assert.Equal(full, fast);
        Assert.Equal(full, MailqNullSenderScanner.Scan(new MemoryStream(bytes), TestFiles.CaptureOptions(), 16).Select(Head));
        Assert.Equal(full, MailqNullSenderScanner.Scan(new MemoryStream(bytes), TestFiles.CaptureOptions(), 16, vectorised: false).Select(Head));
        var ids = string.Concat(full.Select(h => h.Split('|')[0] + "\n"));
        var output = new MemoryStream();
        Assert.Equal(full.Count, MailqNullSenderScanner.WriteIds(new MemoryStream(bytes), output, TestFiles.CaptureOptions()));
        Assert.Equal(ids, Encoding.ASCII.GetString(output.ToArray()));
        foreach (var segmentSize in new[] { 4, 100, 1 << 20 })
        {
            output = new MemoryStream();
            using var handle = File.OpenHandle(TestFiles.PathOf(name));
            Assert.Equal(full.Count, MailqNullSenderScanner.WriteIds(handle, output, TestFiles.CaptureOptions(), 2, segmentSize, 64, true, CancellationToken.None));
            Assert.Equal(ids, Encoding.ASCII.GetString(output.ToArray()));
        }
    }

    [Theory]
    [InlineData("4E5F21A0C4!     12 Tue Nov 24 22:13:20  MAILER-DAEMON\n", "PFQ1001", 1)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C4!     12 Xue Nov 24 22:13:20  MAILER-DAEMON\n", "PFQ1002", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C4*!    12 Tue Nov 24 22:13:20  MAILER-DAEMON\n", "PFQ1002", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C4x     12 Tue Nov 24 22:13:20  MAILER-DAEMON\n", "PFQ1003", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C4      12 Tue Nov 24 25:13:20  MAILER-DAEMON\n", "PFQ1002", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C4      12 Mon Feb 30 22:13:20  MAILER-DAEMON\n", "PFQ1004", 2)]
    [InlineData("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\r\n4E5F21A0C4      12 Tue Nov 24 22:13:20\tMAILER-DAEMON\r\n", "PFQ1002", 2)]
    [InlineData("", "PFQ1009", 1)]
    public void MailqNullSenderScanner_MalformedFirstOrCandidateLine_SameErrorAsFullReader(string text, string code, long line)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var full = Assert.Throws<QueueFormatException>(() => MailqTextReader.Read(new MemoryStream(bytes), TestFiles.CaptureOptions()).ToList());
        Assert.Equal((code, line), (full.Diagnostic.Code, full.Diagnostic.Location.Line));
        var scan = Assert.Throws<QueueFormatException>(() => MailqNullSenderScanner.Scan(new MemoryStream(bytes), TestFiles.CaptureOptions()).ToList());
        Assert.Equal(full.Message, scan.Message);
        var write = Assert.Throws<QueueFormatException>(() => MailqNullSenderScanner.WriteIds(new MemoryStream(bytes), new MemoryStream(), TestFiles.CaptureOptions()));
        Assert.Equal(full.Message, write.Message);
    }

    [Fact]
    public void MailqNullSenderScanner_NullSenderOnlyInRecipientsReasonsAndQualifiedSenders_SelectsNothing()
    {
        var text = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n"
            + "4E5F21A0C3*     12 Tue Nov 24 22:13:20  MAILER-DAEMON@example.com\n"
            + "                             (deferred by MAILER-DAEMON)\n"
            + "                                         MAILER-DAEMON\n\n"
            + "4E5F21A0C4!     12 Tue Nov 24 22:13:20  MAILER-DAEMON\n"
            + "                                         r@example.net\n\n"
            + "-- 1 Kbytes in 2 Requests.\n";
        var ids = MailqNullSenderScanner.Scan(new MemoryStream(Encoding.ASCII.GetBytes(text)), TestFiles.CaptureOptions()).Select(m => m.Id.Value);
        Assert.Equal(["4E5F21A0C4"], ids);
    }

    [Fact]
    public void ReadHeaders_MutatedListings_SameOutcomeAsFullReadForEntryLineErrors()
    {
        var original = TestFiles.Bytes("mailq-few.txt");
        var gen = from position in Gen.Choose(0, original.Length - 1)
                  from value in Gen.Elements((byte)'!', (byte)'*', (byte)'x', (byte)' ', (byte)'\n', (byte)'(', (byte)'9')
                  select (position, value);
        Prop.ForAll(gen.ToArbitrary(), edit =>
        {
            var bytes = (byte[])original.Clone();
            bytes[edit.position] = edit.value;
            var lenient = new List<Postfix.Config.Syntax.Diagnostic>();
            var options = new QueueReaderOptions { Mode = QueueReadMode.Lenient, Diagnostics = lenient.Add, TimeZone = TimeZoneInfo.Utc, ReferenceTime = TestFiles.CaptureOptions().ReferenceTime };
            var heads = MailqTextReader.ReadHeaders(new MemoryStream(bytes), options).Select(Head).ToList();
            var fullDiagnostics = new List<Postfix.Config.Syntax.Diagnostic>();
            var full = MailqTextReader.Read(new MemoryStream(bytes), new QueueReaderOptions { Mode = QueueReadMode.Lenient, Diagnostics = fullDiagnostics.Add, TimeZone = TimeZoneInfo.Utc, ReferenceTime = options.ReferenceTime }).Select(Head).ToList();

            // Damage inside recipient/reason lines is not seen by the fast path; damage to entry lines, header,
            // blank lines and summary is seen the same way.
            var entryLevel = fullDiagnostics.Where(d => d.Code is "PFQ1001" or "PFQ1002" or "PFQ1003" or "PFQ1004" or "PFQ1007" or "PFQ1008" or "PFQ1009").Select(d => (d.Code, (long)d.Location.Line)).ToList();
            return (!entryLevel.Except(lenient.Select(d => (d.Code, (long)d.Location.Line))).Any() || fullDiagnostics.Any(d => d.Code is "PFQ1006" or "PFQ1005"))
                .Label($"full {string.Join(",", fullDiagnostics)}; fast {string.Join(",", lenient)}");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void RequiresRecipients_ComposedSelections_TrueOnlyWhenARecipientTestIsInvolved()
    {
        Assert.False((QueueSelection.NullSender() & !QueueSelection.InQueue(QueueName.Active) | QueueSelection.LargerThan(5)).RequiresRecipients);
        Assert.True((QueueSelection.NullSender() & !QueueSelection.RecipientDomain("example.net")).RequiresRecipients);
        Assert.True(QueueSelection.Where(_ => true, "x").RequiresRecipients);
    }

    [Fact]
    public void ReadHeaders_TruncatedEntry_ReportsPfq1009()
    {
        var text = "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3      12 Tue Nov 24 22:13:20  a@b\n                                         r@example.net\n";
        var e = Assert.Throws<QueueFormatException>(() => MailqTextReader.ReadHeaders(new MemoryStream(Encoding.ASCII.GetBytes(text)), TestFiles.CaptureOptions()).ToList());
        Assert.Equal("PFQ1009", e.Diagnostic.Code);
    }
}
