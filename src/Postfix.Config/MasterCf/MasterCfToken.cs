using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>
/// One word of a master.cf entry with its exact place in the file: <see cref="Start"/> and <see cref="Length"/> are
/// byte offsets counted from the start of the file (the same as <see cref="Location"/>'s span), so an edit can replace
/// exactly these bytes. A brace group that spans lines spans them here too.
/// </summary>
public sealed class MasterCfToken
{
    internal MasterCfToken(string rawText, int start, int length, SourceLocation location)
    {
        RawText = rawText;
        Start = start;
        Length = length;
        Location = location with { Offset = start, Length = length };
    }

    /// <summary>The word as Postfix sees it (the joined logical text, without line breaks).</summary>
    public string Text => ByteText.ToDisplay(RawText);

    /// <summary>Byte offset of the first byte in the source.</summary>
    public int Start { get; }

    /// <summary>Number of source bytes from <see cref="Start"/> to just past the last byte of the word.</summary>
    public int Length { get; }

    /// <summary>Byte offset just past the word in the source.</summary>
    public int End => Start + Length;

    /// <summary>Line and column of the first byte, and the token's byte span counted from the start of the file.</summary>
    public SourceLocation Location { get; }

    internal string RawText { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
