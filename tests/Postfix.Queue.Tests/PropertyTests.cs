using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Queue.Reading;
using Postfix.Queue.Writing;

namespace Postfix.Queue.Tests;

/// <summary>FsCheck properties: Postfix's exact text layout parses back to the same model; no input makes a reader throw anything but its documented exception.</summary>
public sealed class PropertyTests
{
    private static readonly DateTimeOffset Reference = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo[] Zones = [TimeZoneInfo.Utc, TimeZoneInfo.CreateCustomTimeZone("plus0530", TimeSpan.FromMinutes(330), "plus0530", "plus0530")];

    private static readonly string[] Reasons =
    [
        "connect to 127.0.0.1[127.0.0.1]:9: Connection refused",
        "host mx.example.net[192.0.2.1] said: 450 4.3.0 Error: command failed (in reply to RCPT TO command)",
        "simulated outage",
        "(description unavailable)",
        new string('r', 35),
        new string('s', 76),
        new string('t', 77),
        "ümlaut réason (nested (parens))",
        "x",
        "returned by MAILER-DAEMON",
    ];

    private static Gen<string> Address() =>
        from local in Gen.Elements("a", "bob", "\"john doe\"", "jörg", "MAILER-DAEMON", "x.y+tag", "\"(odd)\"", new string('l', 70))
        from domain in Gen.Elements("@example.com", "@dead.test", "@sub.EXAMPLE.net", string.Empty, "@[192.0.2.1]")
        select local + domain;

    private static Gen<QueueRecipient> Recipient() =>
        from address in Gen.Frequency((9, Address()), (1, Gen.Constant(string.Empty)))
        from reason in Gen.Frequency((2, Gen.Constant<string?>(null)), (5, Gen.Elements(Reasons).Select(r => (string?)r)))
        select new QueueRecipient(address, reason);

    private static Gen<QueueMessage> Message() =>
        from longId in Gen.Elements(true, false)
        from usec in Gen.Choose(0, 999_999)
        from inode in Gen.Choose(1, int.MaxValue)
        from ageSeconds in Gen.Choose(0, 360 * 24 * 3600)
        from queue in Gen.Elements<QueueName?>(null, QueueName.Active, QueueName.Hold)
        from expired in Gen.Elements(false, false, true)
        from size in Gen.Frequency((8, Gen.Choose(0, 100_000).Select(n => (long)n)), (1, Gen.Constant(123_456_789_012L)))
        from nullSender in Gen.Elements(false, false, true)
        from sender in Address()
        from recipients in Gen.Choose(0, 6).SelectMany(n => Gen.ListOf(Recipient(), n))
        let arrival = Reference.AddSeconds(-ageSeconds)
        select new QueueMessage
        {
            Id = longId ? QueueId.CreateLong(arrival.AddTicks(usec * 10), (ulong)inode) : QueueId.CreateShort(usec, (ulong)inode),
            Queue = queue,
            ForcedExpire = expired,
            Size = size,
            ArrivalTime = arrival,
            Sender = nullSender ? "MAILER-DAEMON" : sender,
            IsNullSender = nullSender || sender == "MAILER-DAEMON",
            Recipients = [.. recipients],
        };

    private static string Key(QueueMessage m) =>
        $"{m.Id}|{m.Queue}|{m.ForcedExpire}|{m.Size}|{m.ArrivalTime.UtcTicks}|{m.Sender}|{m.IsNullSender}|" + string.Join(";", m.Recipients.Select(r => r.Address + "=" + r.DelayReason));

    [Fact]
    public void MailqTextWriter_GeneratedQueueInBothLayouts_ParsesBackToSameModel()
    {
        var gen = from messages in Gen.Choose(0, 8).SelectMany(n => Gen.ListOf(Message(), n))
                  from layout in Gen.Elements(MailqLayout.Short, MailqLayout.Long)
                  from zone in Gen.Elements(Zones)
                  select (messages, layout, zone);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (messages, layout, zone) = input;
            var text = MailqTextWriter.Render(messages, layout, zone);
            var options = new QueueReaderOptions { TimeZone = zone, ReferenceTime = Reference };
            var parsed = MailqTextReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), options).ToList();
            var expected = messages.Select(Key).ToList();
            var actual = parsed.Select(Key).ToList();
            return expected.SequenceEqual(actual)
                .Label($"{text}\nexpected:\n{string.Join("\n", expected)}\nactual:\n{string.Join("\n", actual)}");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void MailqNullSenderScanner_GeneratedListings_SameIdsAsFullReaderSelection()
    {
        // Senders that look like the null sender but are not, or only in part.
        var nearMisses = Gen.Elements("MAILER-DAEMON@example.com", "xMAILER-DAEMON", "MAILER-DAEMON ", "\"MAILER-DAEMON\"@a", "M N", "MAILER-DAEMONMAILER-DAEMON", "mailer-daemon", "a MAILER-DAEMON");
        var message = from m in Message()
                      from odd in Gen.Frequency((4, Gen.Constant<string?>(null)), (1, nearMisses.Select(x => (string?)x)))
                      select odd is null ? m : new QueueMessage
                      {
                          Id = m.Id, Queue = m.Queue, ForcedExpire = m.ForcedExpire, Size = m.Size, ArrivalTime = m.ArrivalTime,
                          Sender = odd, IsNullSender = false, Recipients = m.Recipients,
                      };
        var gen = from messages in Gen.Choose(0, 12).SelectMany(n => Gen.ListOf(message, n))
                  from layout in Gen.Elements(MailqLayout.Short, MailqLayout.Long)
                  from zone in Gen.Elements(Zones)
                  from bufferSize in Gen.Elements(1, 2, 7, 13, 14, 15, 31, 33, 64, 200, 4096)
                  from segmentSize in Gen.Elements(4, 5, 17, 64, 333, 1 << 20)
                  from threads in Gen.Choose(1, 3)
                  from crlf in Gen.Elements(false, false, true)
                  from vectorised in Gen.Elements(true, false)
                  select (messages, layout, zone, bufferSize, segmentSize, threads, crlf, vectorised);
        var file = Path.GetTempFileName();
        try
        {
            Prop.ForAll(gen.ToArbitrary(), input =>
            {
                var (messages, layout, zone, bufferSize, segmentSize, threads, crlf, vectorised) = input;
                var text = MailqTextWriter.Render(messages, layout, zone);
                if (crlf)
                {
                    text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
                }

                var bytes = Encoding.UTF8.GetBytes(text);
                var options = new QueueReaderOptions { TimeZone = zone, ReferenceTime = Reference };
                var expected = MailqTextReader.Read(new MemoryStream(bytes), options).Where(m => m.IsNullSender).Select(m => $"{m.Id}|{m.LineNumber}").ToList();
                var actual = MailqNullSenderScanner.Scan(new MemoryStream(bytes), options, bufferSize, vectorised).Select(m => $"{m.Id}|{m.LineNumber}").ToList();
                var ids = string.Concat(expected.Select(e => e.Split('|')[0] + "\n"));
                var streamed = new MemoryStream();
                var written = MailqNullSenderScanner.WriteIds(new ChunkedStream(bytes, bufferSize), streamed, options, bufferSize, vectorised, CancellationToken.None);
                File.WriteAllBytes(file, bytes);
                var parallel = new MemoryStream();
                long parallelCount;
                using (var handle = File.OpenHandle(file))
                {
                    parallelCount = MailqNullSenderScanner.WriteIds(handle, parallel, options, threads, segmentSize, bufferSize, vectorised, CancellationToken.None);
                }

                return (expected.SequenceEqual(actual) && written == expected.Count && Encoding.ASCII.GetString(streamed.ToArray()) == ids
                        && parallelCount == expected.Count && Encoding.ASCII.GetString(parallel.ToArray()) == ids)
                    .Label($"{text}\nexpected: {string.Join(",", expected)}\nscan: {string.Join(",", actual)}\nstreamed: {Encoding.ASCII.GetString(streamed.ToArray())}\nparallel: {Encoding.ASCII.GetString(parallel.ToArray())}");
            }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void MailqNullSenderScanner_MutatedListings_ParallelFileScanSameAsStreamingScan()
    {
        // Whatever the input, the segmented scan must give the streaming scan's IDs, diagnostics and exception exactly.
        var baseTexts = new[] { "mailq-few.txt", "mailq-long-ids-small.txt", "mailq-active-30-stalled.txt" }.Select(TestFiles.Bytes).ToArray();
        var gen = from which in Gen.Choose(0, baseTexts.Length - 1)
                  from edits in Gen.ListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Elements(0, 10, 13, 32, 33, 35, 42, 48, 65, 77, 78, 122, 195, 255)), 1 + (which % 4))
                  from kind in Gen.Choose(0, 2)
                  from strict in Gen.Elements(true, false)
                  from segmentSize in Gen.Elements(4, 9, 50, 400)
                  from threads in Gen.Choose(1, 3)
                  from bufferSize in Gen.Elements(3, 16, 100, 1 << 16)
                  select (bytes: Mutate(baseTexts[which], edits.ToList(), kind), strict, segmentSize, threads, bufferSize);
        var file = Path.GetTempFileName();
        try
        {
            Prop.ForAll(gen.ToArbitrary(), input =>
            {
                File.WriteAllBytes(file, input.bytes);
                var streaming = Outcome(input.strict, (output, options) => MailqNullSenderScanner.WriteIds(new MemoryStream(input.bytes), output, options, input.bufferSize, true, CancellationToken.None));
                var parallel = Outcome(input.strict, (output, options) =>
                {
                    using var handle = File.OpenHandle(file);
                    return MailqNullSenderScanner.WriteIds(handle, output, options, input.threads, input.segmentSize, input.bufferSize, true, CancellationToken.None);
                });
                return (streaming == parallel).Label($"streaming:\n{streaming}\nparallel:\n{parallel}");
            }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>IDs written, diagnostics reported and the exception (if any) of one scan, as text.</summary>
    private static string Outcome(bool strict, Func<Stream, QueueReaderOptions, long> scan)
    {
        var diagnostics = new List<Postfix.Config.Syntax.Diagnostic>();
        var options = new QueueReaderOptions { Mode = strict ? QueueReadMode.Strict : QueueReadMode.Lenient, Diagnostics = diagnostics.Add, TimeZone = TimeZoneInfo.Utc, ReferenceTime = Reference };
        var output = new MemoryStream();
        string end;
        try
        {
            end = "count " + scan(output, options);
        }
        catch (QueueFormatException e)
        {
            end = "exception " + e.Diagnostic;
        }

        return $"{Encoding.Latin1.GetString(output.ToArray())}\n{string.Join("\n", diagnostics)}\n{end}";
    }

    [Fact]
    public void PostqueueJsonWriter_GeneratedMessages_ParseBackToSameModel()
    {
        var gen = Gen.Choose(0, 8).SelectMany(n => Gen.ListOf(Message(), n));
        Prop.ForAll(gen.ToArbitrary(), messages =>
        {
            using var writer = new StringWriter();
            var withQueue = messages.Select(m => m.Queue is null ? new QueueMessage
            {
                Id = m.Id, Queue = QueueName.Deferred, ForcedExpire = m.ForcedExpire, Size = m.Size, ArrivalTime = m.ArrivalTime,
                Sender = m.Sender, IsNullSender = m.IsNullSender, Recipients = m.Recipients,
            } : m).ToList();
            PostqueueJsonWriter.Write(writer, withQueue);
            var parsed = PostqueueJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(writer.ToString()))).ToList();
            return withQueue.Select(Key).SequenceEqual(parsed.Select(Key));
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Readers_MutatedListings_OnlyDocumentedException()
    {
        var baseTexts = new[] { "mailq-few.txt", "mailq-long-ids-small.txt", "postqueue-j-few.jsonl", "postqueue-j-long-ids-small.jsonl" }
            .Select(TestFiles.Bytes).ToArray();
        var gen = from which in Gen.Choose(0, baseTexts.Length - 1)
                  from edits in Gen.ListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255)), 1 + (which % 3))
                  from kind in Gen.Choose(0, 2)
                  select Mutate(baseTexts[which], edits.ToList(), kind);
        Prop.ForAll(gen.ToArbitrary(), bytes => OnlyDocumentedExceptions(bytes)).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    [Fact]
    public void Readers_ArbitraryBytes_OnlyDocumentedException()
    {
        var gen = Gen.Frequency(
            (1, ArbMap.Default.GeneratorFor<byte[]>()),
            (1, Gen.ListOf(Gen.Elements("\n", " ", "(", ")", "{", "}", "\"", "-Queue ID-", "4E5F21A0C3", "*", "!", "#", "Tue Nov 24 22:13:20", "12", "a@b", "-- 1 Kbytes in 1 Request.", "\\u", ":", ",", "[", "]", "\"queue_id\"", "\r", "\u00e9")).Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)))));
        Prop.ForAll(gen.ToArbitrary(), bytes => OnlyDocumentedExceptions(bytes)).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    private static byte[] Mutate(byte[] original, List<(int Position, int Value)> edits, int kind)
    {
        var bytes = original.ToList();
        foreach (var (position, value) in edits)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)value;
                    break;
                case 1:
                    bytes.Insert(at, (byte)value);
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (value % 40)));
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static bool OnlyDocumentedExceptions(byte[] bytes)
    {
        foreach (var strict in new[] { true, false })
        {
            var options = new QueueReaderOptions { Mode = strict ? QueueReadMode.Strict : QueueReadMode.Lenient, ReferenceTime = Reference, TimeZone = TimeZoneInfo.Utc };
            foreach (var read in new Func<IEnumerable<QueueMessage>>[]
            {
                () => MailqTextReader.Read(new MemoryStream(bytes), options),
                () => PostqueueJsonReader.Read(new MemoryStream(bytes), options),
                () => QueueListingReader.Read(new MemoryStream(bytes), options),
                () => MailqTextReader.ReadText(new StringReader(Encoding.Latin1.GetString(bytes)), options),
                () => PostqueueJsonReader.ReadText(new StringReader(Encoding.Latin1.GetString(bytes)), options),
            })
            {
                try
                {
                    foreach (var message in read())
                    {
                        _ = MailqTextWriter.Render([message], MailqLayout.Short, TimeZoneInfo.Utc);
                        _ = PostqueueJsonWriter.Format(message);
                    }
                }
                catch (QueueFormatException) when (strict)
                {
                }
            }
        }

        return true;
    }
}
