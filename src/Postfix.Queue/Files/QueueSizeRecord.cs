using System.Globalization;

namespace Postfix.Queue.Files;

/// <summary>
/// The size record (<c>C</c>): six numbers cleanup writes as <c>%15ld</c> each. Older files have fewer fields; missing
/// ones are 0.
/// </summary>
/// <param name="ContentSize">Bytes of content records from the first content record to the <c>X</c> record (<c>message_size</c> in listings).</param>
/// <param name="DataOffset">Offset of the first content record (right after <c>M</c>).</param>
/// <param name="RecipientCount">Recipients cleanup wrote.</param>
/// <param name="QueueManagerFlags">Bit 0: recipients mixed with other records; bits 1–4: DSN NOTIFY union &lt;&lt; 1.</param>
/// <param name="ContentLength">Content length (differs from <paramref name="ContentSize"/> after a body edit).</param>
/// <param name="SmtputfFlags">SMTPUTF8: 1 requested, 2 non-ASCII header, 4 non-ASCII sender.</param>
public sealed record QueueSizeRecord(long ContentSize, long DataOffset, long RecipientCount, long QueueManagerFlags, long ContentLength, long SmtputfFlags)
{
    /// <summary>Parses the payload; null when the first two fields are missing or not positive (postcat's <c>invalid size record</c>).</summary>
    public static QueueSizeRecord? TryParse(ReadOnlySpan<byte> payload)
    {
        Span<long> fields = stackalloc long[6];
        var count = 0;
        var i = 0;
        while (count < 6)
        {
            while (i < payload.Length && PostfixCType.IsSpace(payload[i]))
            {
                i++;
            }

            var negative = false;
            if (i < payload.Length && payload[i] is (byte)'-' or (byte)'+')
            {
                negative = payload[i] == '-';
                i++;
            }

            var start = i;
            long value = 0;
            while (i < payload.Length && PostfixCType.IsDigit(payload[i]) && value < long.MaxValue / 10)
            {
                value = (value * 10) + (payload[i] - '0');
                i++;
            }

            if (i == start)
            {
                break;
            }

            fields[count++] = negative ? -value : value;
        }

        if (count < 2 || fields[0] <= 0 || fields[1] <= 0)
        {
            return null;
        }

        return new QueueSizeRecord(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    /// <summary>Whether the payload has only digits and spaces, so that showq uses its first field as the message size.</summary>
    internal static bool IsShowqSize(ReadOnlySpan<byte> payload, out long first)
    {
        first = 0;
        foreach (var c in payload)
        {
            if (!PostfixCType.IsDigit(c) && c != ' ')
            {
                return false;
            }
        }

        var text = payload.TrimStart((byte)' ');
        var end = text.IndexOf((byte)' ');
        var digits = end < 0 ? text : text[..end];
        first = 0;
        foreach (var c in digits)
        {
            if (first > (long.MaxValue - 9) / 10)
            {
                break;
            }

            first = (first * 10) + (c - '0');
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ContentSize} {DataOffset} {RecipientCount} {QueueManagerFlags} {ContentLength} {SmtputfFlags}");
}
