namespace Postfix.Queue.Reading;

/// <summary>One line-oriented listing format (mailq text, postqueue -j lines): fed one line at a time, returns each message once it is complete.</summary>
internal interface IListingLineParser
{
    /// <summary>A line read as bytes (without its LF, and without a CR before it).</summary>
    QueueMessage? Line(ReadOnlySpan<byte> line, long lineNumber);

    /// <summary>A line read as text (as <see cref="TextReader.ReadLine"/> gives it).</summary>
    QueueMessage? Line(string line, long lineNumber);

    /// <summary>The input ended; returns the message of an unfinished entry, if any.</summary>
    QueueMessage? End(long lineNumber);
}
