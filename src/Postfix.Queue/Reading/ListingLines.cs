using System.Runtime.CompilerServices;

namespace Postfix.Queue.Reading;

/// <summary>
/// The four streaming loops (bytes or text, synchronous or asynchronous) shared by <see cref="MailqTextReader"/> and
/// <see cref="PostqueueJsonReader"/>: one line at a time into a fresh parser per enumeration, constant memory.
/// </summary>
internal static class ListingLines
{
    public static IEnumerable<QueueMessage> Read(Stream stream, Func<IListingLineParser> create, CancellationToken cancellationToken)
    {
        var parser = create();
        var lines = new ByteLineReader(stream);
        while (lines.ReadLine())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (parser.Line(lines.Line, lines.LineNumber) is { } message)
            {
                yield return message;
            }
        }

        if (parser.End(lines.LineNumber + 1) is { } last)
        {
            yield return last;
        }
    }

    public static IEnumerable<QueueMessage> Read(TextReader reader, Func<IListingLineParser> create, CancellationToken cancellationToken)
    {
        var parser = create();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (parser.Line(line, ++lineNumber) is { } message)
            {
                yield return message;
            }
        }

        if (parser.End(lineNumber + 1) is { } last)
        {
            yield return last;
        }
    }

    public static async IAsyncEnumerable<QueueMessage> ReadAsync(Stream stream, Func<IListingLineParser> create, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = create();
        var lines = new ByteLineReader(stream);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            if (parser.Line(lines.Line, lines.LineNumber) is { } message)
            {
                yield return message;
            }
        }

        if (parser.End(lines.LineNumber + 1) is { } last)
        {
            yield return last;
        }
    }

    public static async IAsyncEnumerable<QueueMessage> ReadAsync(TextReader reader, Func<IListingLineParser> create, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = create();
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (parser.Line(line, ++lineNumber) is { } message)
            {
                yield return message;
            }
        }

        if (parser.End(lineNumber + 1) is { } last)
        {
            yield return last;
        }
    }
}
