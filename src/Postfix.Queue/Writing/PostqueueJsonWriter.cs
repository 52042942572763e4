using System.Globalization;
using System.Text;

namespace Postfix.Queue.Writing;

/// <summary>
/// Writes messages as <c>postqueue -j</c> does (<c>showq_json.c</c>): one object per line, <c>", "</c> and
/// <c>": "</c> separators, Postfix's member order and its escaping (<c>quote_for_json</c>). A message whose queue is
/// unknown (read from text without a status mark) gets <c>"queue_name": null</c>.
/// </summary>
public static class PostqueueJsonWriter
{
    /// <summary>The JSON line for one message, without the newline.</summary>
    public static string Format(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var b = new StringBuilder(256);
        b.Append("{\"queue_name\": ");
        if (message.Queue is { } queue)
        {
            Quote(b, queue.ToPostfixName());
        }
        else
        {
            b.Append("null");
        }

        b.Append(", \"queue_id\": ");
        Quote(b, message.Id.Value);
        b.Append(CultureInfo.InvariantCulture, $", \"arrival_time\": {message.ArrivalTime.ToUnixTimeSeconds()}, \"message_size\": {message.Size}, \"forced_expire\": ");
        b.Append(message.ForcedExpire ? "true" : "false");
        b.Append(", \"sender\": ");
        Quote(b, message.Sender);
        b.Append(", \"recipients\": [");
        var first = true;
        foreach (var r in message.Recipients)
        {
            b.Append(first ? "{" : ", {");
            first = false;
            if (r.OriginalAddress is not null)
            {
                b.Append("\"orig_address\": ");
                Quote(b, r.OriginalAddress);
                b.Append(", ");
            }

            b.Append("\"address\": ");
            Quote(b, r.Address);
            Member(b, "delay_reason", r.DelayReason);
            Member(b, "bounce_reason", r.BounceReason);
            Member(b, "other_reason", r.OtherReason);
            b.Append('}');
        }

        b.Append("]}");
        return b.ToString();
    }

    /// <summary>Writes one line per message.</summary>
    public static void Write(TextWriter writer, IEnumerable<QueueMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            writer.Write(Format(message));
            writer.Write('\n');
        }
    }

    private static void Member(StringBuilder b, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        b.Append(", \"").Append(name).Append("\": ");
        Quote(b, value);
    }

    private static void Quote(StringBuilder b, string text)
    {
        b.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        b.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        b.Append('"');
    }
}
