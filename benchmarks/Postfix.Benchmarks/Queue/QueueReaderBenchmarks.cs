using System.Text;
using BenchmarkDotNet.Attributes;
using Postfix.Queue;
using Postfix.Queue.Reading;
using Postfix.Queue.Selection;
using Postfix.Queue.Writing;

namespace Postfix.Benchmarks.Queue;

/// <summary>
/// Throughput of the queue listing readers over the same generated queue (20,000 messages, 1–3 recipients each,
/// mixed reasons, 10% bounces), rendered as postqueue -p text and as postqueue -j lines. MB/s = listing bytes / mean
/// time (see benchmarks/results/queue.md). Each benchmark checks its own answer in GlobalSetup.
/// </summary>
[MemoryDiagnoser]
public class QueueReaderBenchmarks
{
    private const int Messages = 20_000;
    private byte[] _text = [];
    private byte[] _json = [];
    private int _bounces;

    /// <summary>Builds both listings and verifies every reader's answer once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var reference = new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);
        var messages = new List<QueueMessage>(Messages);
        var reasons = new[]
        {
            "connect to 127.0.0.1[127.0.0.1]:9: Connection refused",
            "host mx.example.net[192.0.2.1] said: 450 4.7.1 <rcpt@example.net>: Recipient address rejected: Greylisted (in reply to RCPT TO command)",
            "delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:9: Connection refused",
        };
        for (var i = 0; i < Messages; i++)
        {
            var bounce = i % 10 == 3;
            _bounces += bounce ? 1 : 0;
            messages.Add(new QueueMessage
            {
                Id = QueueId.CreateShort(i % 1_000_000, 0x100000UL + (ulong)i),
                Queue = (i % 20) switch { 0 => QueueName.Active, 1 => QueueName.Hold, _ => QueueName.Deferred },
                ForcedExpire = i % 33 == 0,
                Size = 300 + (i * 7919 % 100_000),
                ArrivalTime = reference.AddSeconds(-(i * 37 % 400_000)),
                Sender = bounce ? "MAILER-DAEMON" : $"user{i % 997}@sender{i % 31}.example.com",
                IsNullSender = bounce,
                Recipients = [.. Enumerable.Range(0, 1 + (i % 3)).Select(r => new QueueRecipient($"rcpt{i % 1009}@dest{(i + r) % 17}.example.net", reasons[(i + (r / 2)) % reasons.Length]))],
            });
        }

        _text = Encoding.UTF8.GetBytes(MailqTextWriter.Render(messages, MailqLayout.Short, TimeZoneInfo.Utc));
        using var json = new StringWriter();
        PostqueueJsonWriter.Write(json, messages);
        _json = Encoding.UTF8.GetBytes(json.ToString());
        Check(TextFull(), Messages);
        Check(JsonFull(), Messages);
        Check(TextNullSenderIds(), _bounces);
        Check(JsonNullSenderIds(), _bounces);
        Check((int)TextNullSenderScan(), _bounces);
        var ids = new MemoryStream();
        MailqNullSenderScanner.WriteIds(new MemoryStream(_text, false), ids, Options);
        var expected = string.Concat(MailqTextReader.Read(new MemoryStream(_text, false), Options).Where(m => m.IsNullSender).Select(m => m.Id.Value + "\n"));
        if (Encoding.ASCII.GetString(ids.ToArray()) != expected)
        {
            throw new InvalidOperationException("the byte scanner's IDs differ from the full reader's selection");
        }

        Console.WriteLine($"// text listing {_text.Length} bytes, JSON listing {_json.Length} bytes");
    }

    /// <summary>Full parse of the text listing (every message, recipient and reason).</summary>
    [Benchmark]
    public int TextFull() => MailqTextReader.Read(new MemoryStream(_text, false), Options).Count();

    /// <summary>Full parse of the JSON lines.</summary>
    [Benchmark]
    public int JsonFull() => PostqueueJsonReader.Read(new MemoryStream(_json, false), Options).Count();

    /// <summary>Null-sender IDs from text with the header-only fast path.</summary>
    [Benchmark]
    public int TextNullSenderIds() => MailqTextReader.ReadHeaders(new MemoryStream(_text, false), Options).Count(m => m.IsNullSender);

    /// <summary>Null-sender IDs from text with the byte scanner (what <c>queue list --format ids --null-sender</c> runs), written as ID lines.</summary>
    [Benchmark]
    public long TextNullSenderScan() => MailqNullSenderScanner.WriteIds(new MemoryStream(_text, false), Stream.Null, Options);

    /// <summary>Null-sender IDs from JSON.</summary>
    [Benchmark]
    public int JsonNullSenderIds() => QueueSelection.NullSender().Filter(PostqueueJsonReader.Read(new MemoryStream(_json, false), Options)).Count();

    private static QueueReaderOptions Options { get; } = new() { TimeZone = TimeZoneInfo.Utc, ReferenceTime = new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero) };

    private static void Check(int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"benchmark answer {actual}, expected {expected}");
        }
    }
}
