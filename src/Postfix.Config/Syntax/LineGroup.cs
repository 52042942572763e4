using System.Text;

namespace Postfix.Config.Syntax;

/// <summary>
/// A run of physical lines that belong together: one blank or comment line, or one logical line with everything
/// inside it. The groups of a source cover every physical line exactly once, in order.
/// </summary>
public sealed class LineGroup
{
    private readonly SourceText _source;
    private int[]? _contentStarts;
    private string? _text;

    internal LineGroup(SourceText source, LineGroupKind kind, int firstLine, int lastLine)
    {
        _source = source;
        Kind = kind;
        FirstLine = firstLine;
        LastLine = lastLine;
    }

    /// <summary>What the group holds.</summary>
    public LineGroupKind Kind { get; }

    /// <summary>0-based index of the first physical line.</summary>
    public int FirstLine { get; }

    /// <summary>0-based index of the last physical line (inclusive).</summary>
    public int LastLine { get; }

    /// <summary>The source this group belongs to.</summary>
    public SourceText Source => _source;

    /// <summary>Byte offset of the group's first byte.</summary>
    public int Start => _source.Lines[FirstLine].Start;

    /// <summary>Byte offset just past the group (after its last LF, if any).</summary>
    public int End => _source.Lines[LastLine].EndIncludingLineFeed;

    /// <summary>The 1-based number of the group's first physical line (what Postfix reports).</summary>
    public int LineNumber => _source.Lines[FirstLine].Number;

    /// <summary>
    /// The joined logical text Postfix works on, as byte text: the content lines concatenated with their LFs removed
    /// and nothing added, blank and comment lines left out. For blank and comment groups, the line itself.
    /// </summary>
    internal string Text => _text ??= BuildText();

    /// <summary>The exact bytes of the group, every line with its terminator, as byte text.</summary>
    internal string RawText => _source.Text[Start..End];

    /// <summary>
    /// Maps an offset into <see cref="Text"/> to a position in the source (1-based line and byte column).
    /// </summary>
    /// <param name="offset">An offset into the logical text (may equal its length).</param>
    public SourceLocation LocationOf(int offset)
    {
        var starts = ContentStarts();
        var pieces = ContentLines();
        var k = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            if (starts[i] <= offset)
            {
                k = i;
            }
        }

        if (pieces.Count == 0)
        {
            return _source.LocationOf(Start);
        }

        var line = _source.Lines[pieces[k]];
        var column = offset - starts[k] + 1;
        return new SourceLocation(_source.Name, line.Number, column, line.Start + column - 1);
    }

    /// <summary>The 0-based indexes of the lines whose content makes up <see cref="Text"/>.</summary>
    internal List<int> ContentLines()
    {
        var result = new List<int>();
        for (var i = FirstLine; i <= LastLine; i++)
        {
            if (Kind is LineGroupKind.Blank or LineGroupKind.Comment || !_source.Lines[i].IsIgnorable)
            {
                result.Add(i);
            }
        }

        return result;
    }

    private int[] ContentStarts()
    {
        if (_contentStarts is not null)
        {
            return _contentStarts;
        }

        var lines = ContentLines();
        var starts = new int[lines.Count];
        var pos = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            starts[i] = pos;
            pos += _source.Lines[lines[i]].Length;
        }

        _contentStarts = starts;
        return starts;
    }

    private string BuildText()
    {
        var sb = new StringBuilder();
        foreach (var i in ContentLines())
        {
            var line = _source.Lines[i];
            sb.Append(_source.Text, line.Start, line.Length);
        }

        return sb.ToString();
    }
}
