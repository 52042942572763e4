using System.Text;

namespace Postfix.Queue.Reading;

/// <summary>
/// The fastest way to select the null-sender messages (bounces and delay notices) of a <c>mailq</c> /
/// <c>postqueue -p</c> listing: searches the raw bytes for the null-sender display
/// (<see cref="QueueReaderOptions.EmptyAddressRecipient"/>, <c>MAILER-DAEMON</c> by default) with a vectorised search,
/// and decodes and parses only the entry lines that end with it. All other lines are never decoded.
/// </summary>
/// <remarks>
/// <para>
/// A candidate is parsed exactly like <see cref="MailqTextReader.Read"/> parses an entry's first line, and selected
/// only when its sender field is exactly the null-sender display: recipient and reason lines, and senders such as
/// <c>MAILER-DAEMON@example.com</c>, are never selected. An entry line is a line that starts with a letter or digit
/// and follows a blank line or the <c>-Queue ID-</c> header line.
/// </para>
/// <para>
/// Unlike <see cref="MailqTextReader.Read"/>, only candidate lines are checked: damage elsewhere in the listing is not
/// reported. Documented exceptions: <see cref="QueueFormatException"/> (strict mode and a malformed candidate line, or
/// a line longer than 16 MiB), <see cref="OperationCanceledException"/>, and whatever the stream throws.
/// </para>
/// </remarks>
public static class MailqNullSenderScanner
{
    private const int BufferSize = 4 << 20;

    /// <summary>Streams the null-sender messages of a listing (entry line data only: no recipients).</summary>
    public static IEnumerable<QueueMessage> Scan(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= QueueReaderOptions.Default;
        if (options.EmptyAddressRecipient.Length == 0)
        {
            return MailqTextReader.ReadHeaders(stream, options, cancellationToken).Where(m => m.IsNullSender);
        }

        return Iterate(stream, options, BufferSize, cancellationToken);
    }

    /// <summary>Tests: the same scan with a small initial buffer, to exercise refills and growth.</summary>
    internal static IEnumerable<QueueMessage> Scan(Stream stream, QueueReaderOptions options, int bufferSize) =>
        Iterate(stream, options, bufferSize, CancellationToken.None);

    /// <summary>
    /// Writes the bare queue ID of every null-sender message, one per line (LF), to <paramref name="output"/> through
    /// a large buffer; returns how many were written.
    /// </summary>
    public static long WriteIds(Stream input, Stream output, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new byte[1 << 16];
        var used = 0;
        long count = 0;
        foreach (var message in Scan(input, options, cancellationToken))
        {
            var id = message.Id.Value;
            if (used + id.Length + 1 > buffer.Length)
            {
                output.Write(buffer, 0, used);
                used = 0;
            }

            used += Encoding.ASCII.GetBytes(id, buffer.AsSpan(used));
            buffer[used++] = (byte)'\n';
            count++;
        }

        output.Write(buffer, 0, used);
        output.Flush();
        return count;
    }

    private static IEnumerable<QueueMessage> Iterate(Stream stream, QueueReaderOptions options, int bufferSize, CancellationToken cancellationToken)
    {
        var needle = Encoding.UTF8.GetBytes(options.EmptyAddressRecipient);
        var parser = new MailqTextParser(options);
        var decoder = new LineDecoder();
        var buffer = new byte[bufferSize];
        var end = 0;          // valid bytes in buffer
        var searchFrom = 0;   // where the needle search resumes
        var counted = 0;      // LFs before this offset are included in newlines
        long newlines = 0;
        var eof = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Search only complete lines (or everything at the end of input).
            var limit = eof ? end : buffer.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
            while (searchFrom < limit)
            {
                var at = buffer.AsSpan(searchFrom, limit - searchFrom).IndexOf(needle);
                if (at < 0)
                {
                    break;
                }

                at += searchFrom;
                var after = at + needle.Length;
                searchFrom = at + 1;
                var lineEnd = after;
                if (lineEnd < end && buffer[lineEnd] == (byte)'\r')
                {
                    lineEnd++;
                }

                if (!(lineEnd == end && eof) && !(lineEnd < end && buffer[lineEnd] == (byte)'\n'))
                {
                    continue; // not at the end of its line
                }

                var lineStart = buffer.AsSpan(0, at).LastIndexOf((byte)'\n') + 1;
                if (lineStart == 0 || !char.IsAsciiLetterOrDigit((char)buffer[lineStart]) || !FollowsBlankOrHeader(buffer, lineStart))
                {
                    continue;
                }

                newlines += buffer.AsSpan(counted, lineStart - counted).Count((byte)'\n');
                counted = lineStart;
                var line = decoder.Decode(buffer.AsSpan(lineStart, after - lineStart));
                var head = parser.ParseSenderLine(line, newlines + 1);
                searchFrom = lineEnd;
                if (head is not null && head.IsNullSender)
                {
                    yield return head;
                }
            }

            if (eof)
            {
                yield break;
            }

            // Keep the incomplete last line and the two lines before it (for the blank/header check).
            var keep = KeepFrom(buffer, limit);
            if (keep >= counted)
            {
                newlines += buffer.AsSpan(counted, keep - counted).Count((byte)'\n');
                counted = 0;
            }
            else
            {
                counted -= keep;
            }

            var kept = end - keep;
            Buffer.BlockCopy(buffer, keep, buffer, 0, kept);
            searchFrom = limit - keep;
            end = kept;
            if (end == buffer.Length)
            {
                if (buffer.Length >= ByteLineReader.MaxLineLength)
                {
                    throw new QueueFormatException(new QueueDiagnostic("PFQ0001", $"line longer than {ByteLineReader.MaxLineLength} bytes", newlines + 1, string.Empty));
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var n = stream.Read(buffer, end, buffer.Length - end);
            if (n == 0)
            {
                eof = true;
            }

            end += n;
        }
    }

    /// <summary>The start of the line two lines before the (incomplete) line at <paramref name="limit"/>.</summary>
    private static int KeepFrom(byte[] buffer, int limit)
    {
        var from = limit;
        for (var i = 0; i < 2 && from > 0; i++)
        {
            from = buffer.AsSpan(0, from - 1).LastIndexOf((byte)'\n') + 1;
        }

        return from;
    }

    /// <summary>The previous line (ending at <paramref name="lineStart"/> - 1) is blank or the <c>-Queue ID-</c> header (short or long layout).</summary>
    private static bool FollowsBlankOrHeader(byte[] buffer, int lineStart)
    {
        var previousEnd = lineStart - 1;
        var previousStart = buffer.AsSpan(0, previousEnd).LastIndexOf((byte)'\n') + 1;
        var previous = buffer.AsSpan(previousStart, previousEnd - previousStart);
        if (previous.Length > 0 && previous[^1] == (byte)'\r')
        {
            previous = previous[..^1];
        }

        return previous.IsEmpty || (previous.StartsWith("-"u8) && previous.IndexOf("Queue ID-"u8) >= 0);
    }
}
