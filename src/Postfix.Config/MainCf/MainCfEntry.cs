using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// One piece of a main.cf file: a parameter, a comment line, a blank line or lines Postfix cannot use. An entry owns
/// its physical lines with their exact line endings; the entries of a document cover the file exactly once.
/// </summary>
public abstract class MainCfEntry
{
    private protected MainCfEntry(string raw, int lineNumber, int lineCount, SourceLocation location)
    {
        Raw = raw;
        Location = location;
        LineNumber = lineNumber;
        LineCount = lineCount;
    }

    /// <summary>What the entry is.</summary>
    public abstract MainCfEntryKind Kind { get; }

    /// <summary>The 1-based number of the entry's first physical line.</summary>
    public int LineNumber { get; }

    /// <summary>How many physical lines the entry owns.</summary>
    public int LineCount { get; }

    /// <summary>
    /// Where the entry is: its first line and column, and the byte span (<see cref="SourceLocation.Offset"/>,
    /// <see cref="SourceLocation.Length"/>) of every byte it owns, counted from the start of the file.
    /// </summary>
    public SourceLocation Location { get; }

    /// <summary>The number of bytes the entry owns.</summary>
    public int Length => Raw.Length;

    /// <summary>
    /// The entry's exact text, every line with its terminator (UTF-8 decoded when the bytes are valid UTF-8,
    /// otherwise one char per byte; use <see cref="ToBytes"/> for the exact bytes).
    /// </summary>
    public string Text => ByteText.ToDisplay(Raw);

    /// <summary>The entry's exact text as byte text (one char per byte).</summary>
    internal string Raw { get; }

    /// <summary>The entry's exact bytes.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(Raw);
}
