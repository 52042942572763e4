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
        return ListingLines.Read(stream, Parser(options), cancellationToken);
    }

    /// <summary>Reads a listing from text.</summary>
    public static IEnumerable<QueueMessage> ReadText(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ListingLines.Read(reader, Parser(options), cancellationToken);
    }

    /// <summary>Reads a listing from bytes, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadAsync(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ListingLines.ReadAsync(stream, Parser(options), cancellationToken);
    }

    /// <summary>Reads a listing from text, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadTextAsync(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ListingLines.ReadAsync(reader, Parser(options), cancellationToken);
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

    private static Func<IListingLineParser> Parser(QueueReaderOptions? options) => () => new MailqTextParser(options ?? QueueReaderOptions.Default);
}
