namespace Postfix.Queue.Reading;

/// <summary>
/// Streams the messages of a <c>postqueue -j</c> listing (Postfix 3.1+: one JSON object per line; members up to 3.11;
/// unknown members ignored; known escaping bugs of older versions repaired). Memory stays constant whatever the size
/// of the queue.
/// </summary>
/// <remarks>
/// Documented exceptions: <see cref="QueueFormatException"/> (strict mode, or a line longer than 16 MiB),
/// <see cref="OperationCanceledException"/>, and whatever the underlying stream or reader throws.
/// </remarks>
public static class PostqueueJsonReader
{
    /// <summary>Reads JSON lines from bytes.</summary>
    public static IEnumerable<QueueMessage> Read(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ListingLines.Read(stream, Parser(options), cancellationToken);
    }

    /// <summary>Reads JSON lines from text.</summary>
    public static IEnumerable<QueueMessage> ReadText(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ListingLines.Read(reader, Parser(options), cancellationToken);
    }

    /// <summary>Reads JSON lines from bytes, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadAsync(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ListingLines.ReadAsync(stream, Parser(options), cancellationToken);
    }

    /// <summary>Reads JSON lines from text, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadTextAsync(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ListingLines.ReadAsync(reader, Parser(options), cancellationToken);
    }

    /// <summary>Parses a whole listing held in a string.</summary>
    public static IReadOnlyList<QueueMessage> Parse(string text, QueueReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return [.. ReadText(reader, options)];
    }

    private static Func<IListingLineParser> Parser(QueueReaderOptions? options) => () => new PostqueueJsonParser(options ?? QueueReaderOptions.Default);
}
