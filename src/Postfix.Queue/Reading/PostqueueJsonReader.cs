using System.Runtime.CompilerServices;
using System.Text;

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
        return Iterate(stream, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>Reads JSON lines from text.</summary>
    public static IEnumerable<QueueMessage> ReadText(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Iterate(reader, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>Reads JSON lines from bytes, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadAsync(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return IterateAsync(stream, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>Reads JSON lines from text, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadTextAsync(TextReader reader, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return IterateAsync(reader, options ?? QueueReaderOptions.Default, cancellationToken);
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
        var parser = new PostqueueJsonParser(options);
        var lines = new ByteLineReader(stream);
        while (lines.ReadLine())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = parser.Line(lines.Line, lines.LineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }
    }

    private static IEnumerable<QueueMessage> Iterate(TextReader reader, QueueReaderOptions options, CancellationToken cancellationToken)
    {
        var parser = new PostqueueJsonParser(options);
        long lineNumber = 0;
        var bytes = new byte[1024];
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = parser.Line(Encode(line, ref bytes), ++lineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }
    }

    private static async IAsyncEnumerable<QueueMessage> IterateAsync(Stream stream, QueueReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = new PostqueueJsonParser(options);
        var lines = new ByteLineReader(stream);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            var message = parser.Line(lines.Line, lines.LineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }
    }

    private static async IAsyncEnumerable<QueueMessage> IterateAsync(TextReader reader, QueueReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = new PostqueueJsonParser(options);
        long lineNumber = 0;
        var bytes = new byte[1024];
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var message = parser.Line(Encode(line, ref bytes), ++lineNumber);
            if (message is not null)
            {
                yield return message;
            }
        }
    }

    private static ReadOnlySpan<byte> Encode(string line, ref byte[] buffer)
    {
        var max = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (buffer.Length < max)
        {
            buffer = new byte[max];
        }

        var n = Encoding.UTF8.GetBytes(line, buffer);
        return buffer.AsSpan(0, n);
    }
}
