using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Postfix.Queue.Reading;

/// <summary>
/// Parses one <c>postqueue -j</c> line (one JSON object per queue file) with <see cref="Utf8JsonReader"/>.
/// Unknown members are skipped. Known Postfix bugs are repaired in both modes: a spurious comma (3.1 snapshots before
/// 20160210) and malformed <c>\u</c> escapes (before 20231208); bytes that are not UTF-8 are taken one character per byte.
/// </summary>
internal sealed class PostqueueJsonParser : IListingLineParser
{
    private const long MinUnixSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    private readonly QueueReaderOptions _options;
    private readonly DiagnosticSink _sink;
    private readonly byte[] _emptyAddressRecipient;
    private string? _lastReason;
    private byte[] _encoded = [];

    public PostqueueJsonParser(QueueReaderOptions options)
    {
        _options = options;
        _sink = new DiagnosticSink(options);
        _emptyAddressRecipient = Encoding.UTF8.GetBytes(options.EmptyAddressRecipient);
    }

    /// <summary>Parses one line; null for a blank line or (lenient mode) a line that was reported and skipped.</summary>
    /// <inheritdoc/>
    QueueMessage? IListingLineParser.Line(string line, long lineNumber)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(line.Length);
        if (_encoded.Length < max)
        {
            _encoded = new byte[Math.Max(max, 1024)];
        }

        return Line(_encoded.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(line, _encoded)), lineNumber);
    }

    /// <inheritdoc/>
    QueueMessage? IListingLineParser.End(long lineNumber) => null;

    public QueueMessage? Line(ReadOnlySpan<byte> line, long lineNumber)
    {
        var trimmed = line.Trim(" \t\r"u8);
        if (trimmed.IsEmpty)
        {
            return null;
        }

        string? problem;
        try
        {
            var parsed = Parse(trimmed, lineNumber, out problem);
            if (parsed is not null)
            {
                return parsed;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            problem = e.Message;
        }

        if (problem is not null && problem.StartsWith("PFQ", StringComparison.Ordinal))
        {
            // Well-formed JSON with wrong content: nothing to repair.
            return ReportInvalid(problem, line, lineNumber);
        }

        var repaired = Repair(trimmed);
        if (repaired is not null)
        {
            try
            {
                var message = Parse(repaired, lineNumber, out var again);
                if (message is not null)
                {
                    return message;
                }

                problem = again ?? problem;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
            {
                // Report the first problem, about the line as it was.
            }
        }

        return ReportInvalid(problem, line, lineNumber);
    }

    private QueueMessage? ReportInvalid(string? problem, ReadOnlySpan<byte> line, long lineNumber)
    {
        var code = problem is not null && problem.StartsWith("PFQ", StringComparison.Ordinal) ? problem[..7] : "PFQ2001";
        var text = problem is not null && problem.StartsWith("PFQ", StringComparison.Ordinal) ? problem[9..] : $"not a postqueue -j JSON object: {problem}";
        _sink.Report(code, text, lineNumber, Decode(line));
        return null;
    }

    private static string Decode(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    private QueueMessage? Parse(ReadOnlySpan<byte> json, long lineNumber, out string? problem)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        problem = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problem = "expected a JSON object";
            return null;
        }

        QueueName? queue = null;
        string? queueName = null;
        string? queueIdText = null;
        long? arrival = null;
        long? size = null;
        var forcedExpire = false;
        string? sender = null;
        var isNull = false;
        List<QueueRecipient>? recipients = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("queue_name"u8))
            {
                reader.Read();
                queueName = RequireString(ref reader);
                queue = QueueNames.TryParse(queueName, out var q) ? q : null;
            }
            else if (reader.ValueTextEquals("queue_id"u8))
            {
                reader.Read();
                queueIdText = RequireString(ref reader);
            }
            else if (reader.ValueTextEquals("arrival_time"u8))
            {
                reader.Read();
                arrival = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("message_size"u8))
            {
                reader.Read();
                size = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("forced_expire"u8))
            {
                reader.Read();
                forcedExpire = reader.GetBoolean();
            }
            else if (reader.ValueTextEquals("sender"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new JsonException("sender is not a string");
                }

                if (reader.ValueTextEquals(_emptyAddressRecipient))
                {
                    sender = _options.EmptyAddressRecipient;
                    isNull = true;
                }
                else
                {
                    sender = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("recipients"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException("recipients is not an array");
                }

                recipients = [];
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    var recipient = ParseRecipient(ref reader);
                    if (recipient is null)
                    {
                        problem = "PFQ2005: a recipient has no address";
                        return null;
                    }

                    recipients.Add(recipient);
                }

                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    throw new JsonException("malformed recipients array");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("malformed object");
        }

        if (reader.Read())
        {
            throw new JsonException("text after the object");
        }

        if (queueIdText is null || queueName is null || sender is null || arrival is null || size is null)
        {
            var missing = queueIdText is null ? "queue_id" : queueName is null ? "queue_name" : sender is null ? "sender" : arrival is null ? "arrival_time" : "message_size";
            problem = $"PFQ2002: required member \"{missing}\" is missing";
            return null;
        }

        if (queue is null)
        {
            problem = $"PFQ2004: unknown queue_name \"{queueName}\"";
            return null;
        }

        if (!QueueId.TryParse(queueIdText, out var id))
        {
            problem = $"PFQ2003: invalid mail queue id: {queueIdText}";
            return null;
        }

        // Postfix prints the queue file's mtime (a time_t); anything outside what DateTimeOffset holds (years 1-9999)
        // is damage, not a date.
        if (arrival.Value < MinUnixSeconds || arrival.Value > MaxUnixSeconds)
        {
            problem = $"PFQ2006: arrival_time out of range: {arrival.Value}";
            return null;
        }

        return new QueueMessage
        {
            Id = id,
            Queue = queue,
            ForcedExpire = forcedExpire,
            Size = size.Value,
            ArrivalTime = DateTimeOffset.FromUnixTimeSeconds(arrival.Value),
            ArrivalTimeIsExact = true,
            Sender = sender,
            IsNullSender = isNull,
            Recipients = recipients ?? (IReadOnlyList<QueueRecipient>)[],
            LineNumber = lineNumber,
        };
    }

    private QueueRecipient? ParseRecipient(ref Utf8JsonReader reader)
    {
        string? address = null;
        string? original = null;
        string? delay = null;
        string? bounce = null;
        string? other = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("address"u8))
            {
                reader.Read();
                address = RequireString(ref reader);
            }
            else if (reader.ValueTextEquals("orig_address"u8))
            {
                reader.Read();
                original = RequireString(ref reader);
            }
            else if (reader.ValueTextEquals("delay_reason"u8))
            {
                reader.Read();
                delay = Reason(ref reader);
            }
            else if (reader.ValueTextEquals("bounce_reason"u8))
            {
                reader.Read();
                bounce = Reason(ref reader);
            }
            else if (reader.ValueTextEquals("other_reason"u8))
            {
                reader.Read();
                other = Reason(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("malformed recipient object");
        }

        return address is null ? null : new QueueRecipient(address, delay, original, bounce, other);
    }

    private string Reason(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a reason is not a string");
        }

        if (_lastReason is not null && reader.ValueTextEquals(_lastReason))
        {
            return _lastReason;
        }

        return _lastReason = reader.GetString()!;
    }

    private static string RequireString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"expected a string, found {reader.TokenType}");

    /// <summary>
    /// Repairs what old Postfix versions got wrong: a backslash that does not start a valid JSON escape is taken
    /// literally, and bytes that are not UTF-8 become one character per byte. Null when there is nothing to repair.
    /// </summary>
    private static byte[]? Repair(ReadOnlySpan<byte> json)
    {
        var changed = false;
        var output = new List<byte>(json.Length + 16);
        var validUtf8 = Utf8.IsValid(json);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (!validUtf8 && b >= 0x80)
            {
                output.Add((byte)(0xC0 | (b >> 6)));
                output.Add((byte)(0x80 | (b & 0x3F)));
                changed = true;
                continue;
            }

            if (b == (byte)'"')
            {
                inString = !inString;
            }
            else if (inString && b == (byte)'\\')
            {
                var valid = i + 1 < json.Length && json[i + 1] switch
                {
                    (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' => true,
                    (byte)'u' => i + 5 < json.Length && IsHex(json[i + 2]) && IsHex(json[i + 3]) && IsHex(json[i + 4]) && IsHex(json[i + 5]),
                    _ => false,
                };
                if (valid)
                {
                    output.Add(b);
                    output.Add(json[++i]);
                    continue;
                }

                output.Add((byte)'\\');
                changed = true;
            }
            else if (inString && b < 0x20)
            {
                output.AddRange(Encoding.ASCII.GetBytes($"\\u{b:X4}"));
                changed = true;
                continue;
            }

            output.Add(b);
        }

        return changed ? [.. output] : null;
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
}
