namespace Postfix.Config.Syntax;

/// <summary>
/// One physical line of a source: the bytes up to (not including) its LF. A CR before the LF is part of the
/// content, exactly as Postfix sees it; <see cref="EndsWithCarriageReturn"/> tells a CRLF line apart.
/// </summary>
/// <param name="Number">The 1-based line number.</param>
/// <param name="Start">Offset of the first byte in the source.</param>
/// <param name="Length">Number of content bytes (without the LF).</param>
/// <param name="HasLineFeed">Whether an LF follows (false only for a last line without a newline).</param>
/// <param name="Kind">How <c>readllines()</c> classifies the line.</param>
/// <param name="EndsWithCarriageReturn">Whether the content ends with a CR (a CRLF line).</param>
internal readonly record struct PhysicalLine(
    int Number,
    int Start,
    int Length,
    bool HasLineFeed,
    PhysicalLineKind Kind,
    bool EndsWithCarriageReturn)
{
    /// <summary>Offset just past the content (where the LF is, if any).</summary>
    public int End => Start + Length;

    /// <summary>Offset just past the LF (or <see cref="End"/> when there is none).</summary>
    public int EndIncludingLineFeed => HasLineFeed ? End + 1 : End;

    /// <summary>Whether <c>readllines()</c> skips the line (blank or comment).</summary>
    public bool IsIgnorable => Kind is PhysicalLineKind.Blank or PhysicalLineKind.Comment;
}
