using System.Runtime.CompilerServices;

namespace Postfix.Queue.Reading;

/// <summary>
/// Streams the messages of a <c>mailq</c> / <c>postqueue -p</c> / <c>sendmail -bp</c> listing (Postfix 2.x and 3.x
/// layouts, short and long queue IDs). Each message is returned as soon as its entry ends; memory stays constant
/// whatever the size of the queue.
/// </summary>
/// <remarks>
/// Documented exceptions: <see cref="QueueFormatException"/> (strict mode, or a line longer than 16 MiB),
/// <see cref="OperationCanceledException"/>, and whatever the underlying stream or reader throws.
/// </remarks>
public static class MailqTextReader
{
    /// <summary>Reads a listing from bytes (UTF-8 where valid, otherwise one character per byte).</summary>
    public static IEnumerable<QueueMessage> Read(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Iterate(stream, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>Reads a listing from text.</summary>
    public static IEnumerable<QueueMessage> ReadText(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Iterate(reader, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>Reads a listing from bytes, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadAsync(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return IterateAsync(stream, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>Reads a listing from text, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadTextAsync(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return IterateAsync(reader, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Fast path for selections that need no recipient (<see cref="Selection.QueueSelection.RequiresRecipients"/> is
    /// false): reads the header, every entry's first line (ID, marks, size, arrival time, sender) and the summary, and
    /// skips recipient and reason lines unread, so the messages have no <see cref="QueueMessage.Recipients"/>. Needs
    /// LF line ends. Entry lines, header and summary are checked as strictly as by <see cref="Read"/>; skipped lines are
    /// not checked at all.
    /// </summary>
    public static IEnumerable<QueueMessage> ReadHeaders(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new MailqHeaderScanner(stream, options ?? QueueReaderOptions.Default).Scan(cancellationToken);
    }

    /// <summary>Parses a whole listing held in a string.</summary>
    public static IReadOnlyList<QueueMessage> Parse(string text, QueueReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return [.. ReadText(reader, options)];
    }

    private static IEnumerable<QueueMessage> Iterate(Stream stream, QueueReaderOptions options, CancellationToken cancellationToken)
    {
        var parser = new MailqTextParser(options);
        var lines = new ByteLineReader(stream);
        var decoder = new LineDecoder();
        while (lines.ReadLine())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = parser.Line(decoder.Decode(lines.Line), lines.LineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }

        var last = parser.End(lines.LineNumber + 1);
        if (last is not null)
        {
            yield return last;
        }
    }

    private static IEnumerable<QueueMessage> Iterate(TextReader reader, QueueReaderOptions options, CancellationToken cancellationToken)
    {
        var parser = new MailqTextParser(options);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = parser.Line(TrimCr(line), ++lineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }

        var last = parser.End(lineNumber + 1);
        if (last is not null)
        {
            yield return last;
        }
    }

    private static async IAsyncEnumerable<QueueMessage> IterateAsync(Stream stream, QueueReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = new MailqTextParser(options);
        var lines = new ByteLineReader(stream);
        var decoder = new LineDecoder();
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            var message = parser.Line(decoder.Decode(lines.Line), lines.LineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }

        var last = parser.End(lines.LineNumber + 1);
        if (last is not null)
        {
            yield return last;
        }
    }

    private static async IAsyncEnumerable<QueueMessage> IterateAsync(TextReader reader, QueueReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = new MailqTextParser(options);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var message = parser.Line(TrimCr(line), ++lineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }

        var last = parser.End(lineNumber + 1);
        if (last is not null)
        {
            yield return last;
        }
    }

    private static ReadOnlySpan<char> TrimCr(string line) => line.EndsWith('\r') ? line.AsSpan(0, line.Length - 1) : line.AsSpan();
}
