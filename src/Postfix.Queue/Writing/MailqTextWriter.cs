using System.Globalization;

namespace Postfix.Queue.Writing;

/// <summary>
/// Writes messages in the exact text layout of Postfix 3.5+ <c>postqueue -p</c> (<c>showq_compat.c</c>): header,
/// blank line between entries, reason lines right-aligned to column 78 and printed only when the reason changes,
/// <c>(reason unavailable)</c> after a reason, and the <c>-- K Kbytes in N Requests.</c> summary.
/// </summary>
public sealed class MailqTextWriter
{
    private readonly TextWriter _writer;
    private readonly MailqLayout _layout;
    private readonly TimeZoneInfo _zone;
    private long _count;
    private long _totalSize;

    /// <summary>Creates a writer.</summary>
    /// <param name="writer">Where the text goes (use LF newlines, as Postfix does).</param>
    /// <param name="layout">The column layout.</param>
    /// <param name="timeZone">The zone arrival times are shown in (Postfix: the postqueue process's local zone). Default: local.</param>
    public MailqTextWriter(TextWriter writer, MailqLayout layout, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _layout = layout;
        _zone = timeZone ?? TimeZoneInfo.Local;
    }

    /// <summary>Renders a whole listing to a string.</summary>
    public static string Render(IEnumerable<QueueMessage> messages, MailqLayout layout, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var writer = new MailqTextWriter(text, layout, timeZone);
        foreach (var message in messages)
        {
            writer.Write(message);
        }

        writer.Complete();
        return text.ToString();
    }

    /// <summary>Writes one entry (and the header before the first).</summary>
    public void Write(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var w = _writer;
        var isLong = _layout == MailqLayout.Long;
        if (_count > 0)
        {
            w.Write('\n');
        }
        else
        {
            w.Write(isLong
                ? "----Queue ID----- --Size-- ---Arrival Time---- --Sender/Recipient------\n"
                : "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n");
        }

        var idStatus = message.Id.Value + message.StatusMarks;
        var size = message.Size.ToString(CultureInfo.InvariantCulture);
        w.Write(idStatus.PadRight(isLong ? 17 : 11));
        w.Write(' ');
        w.Write(size.PadLeft(isLong ? 8 : 7));
        w.Write(' ');
        var time = AscTime(TimeZoneInfo.ConvertTime(message.ArrivalTime, _zone).DateTime);
        w.Write(time.AsSpan(0, isLong ? 19 : 20));
        w.Write(' ');
        w.Write(message.Sender);
        w.Write('\n');

        var saved = string.Empty;
        var indent = new string(' ', isLong ? 47 : 41);
        foreach (var recipient in message.Recipients)
        {
            var why = recipient.Reason ?? string.Empty;
            if (!string.Equals(saved, why, StringComparison.Ordinal))
            {
                saved = why;
                var show = why.Length > 0 ? why : "reason unavailable";
                w.Write(new string(' ', Math.Max(76 - show.Length, 0)));
                w.Write('(');
                w.Write(show);
                w.Write(")\n");
            }

            w.Write(indent);
            w.Write(recipient.Address);
            w.Write('\n');
        }

        _count++;
        _totalSize += message.Size;
    }

    /// <summary>Writes the summary line (or <c>Mail queue is empty</c>).</summary>
    public void Complete()
    {
        if (_count == 0)
        {
            _writer.Write("Mail queue is empty\n");
            return;
        }

        _writer.Write(string.Create(CultureInfo.InvariantCulture, $"\n-- {_totalSize / 1024} Kbytes in {_count} Request{(_count == 1 ? string.Empty : "s")}.\n"));
    }

    /// <summary>C <c>asctime()</c>: <c>Www Mmm dd hh:mm:ss yyyy</c> with the day padded by a space.</summary>
    internal static string AscTime(DateTime t) => string.Create(
        CultureInfo.InvariantCulture,
        $"{DayNames[(int)t.DayOfWeek]} {MonthNames[t.Month - 1]} {t.Day,2} {t.Hour:D2}:{t.Minute:D2}:{t.Second:D2} {t.Year}");

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
}
