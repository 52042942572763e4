using System.Text;

namespace Postfix.Config.Syntax;

/// <summary>
/// The exact bytes of one configuration source, split into physical lines the way Postfix splits them (on LF only).
/// Immutable. <see cref="ToArray"/> always gives back the bytes it was made from.
/// </summary>
public sealed class SourceText
{
    private readonly byte[] _bytes;
    private readonly PhysicalLine[] _lines;

    private SourceText(string name, byte[] bytes)
    {
        Name = name;
        _bytes = bytes;
        Text = ByteText.FromBytes(bytes);
        _lines = SplitLines(Text);
    }

    /// <summary>The name used in diagnostics (a file name or path).</summary>
    public string Name { get; }

    /// <summary>The number of bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The exact bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The physical lines, in order. An empty source has none.</summary>
    public IReadOnlyList<PhysicalLine> Lines => _lines;

    /// <summary>The bytes as one char per byte (see <see cref="ByteText"/>), what the parsers work on.</summary>
    internal string Text { get; }

    /// <summary>Wraps a copy of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name for diagnostics.</param>
    public static SourceText FromBytes(ReadOnlySpan<byte> bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new SourceText(name, bytes.ToArray());
    }

    /// <summary>Encodes <paramref name="text"/> as UTF-8 (no BOM) and wraps the bytes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="name">The name for diagnostics.</param>
    public static SourceText FromString(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        return new SourceText(name, new UTF8Encoding(false).GetBytes(text));
    }

    /// <summary>Reads a stream to its end and wraps the bytes.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="name">The name for diagnostics.</param>
    public static SourceText FromStream(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new SourceText(name, buffer.ToArray());
    }

    /// <summary>Reads a stream to its end and wraps the bytes.</summary>
    /// <param name="stream">The stream to read.</param>
    /// <param name="name">The name for diagnostics.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<SourceText> FromStreamAsync(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new SourceText(name, buffer.ToArray());
    }

    /// <summary>A copy of the exact bytes.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>The content of physical line <paramref name="index"/> (0-based) as byte text, without its LF.</summary>
    internal string LineText(int index)
    {
        var line = _lines[index];
        return Text.Substring(line.Start, line.Length);
    }

    /// <summary>The location of the start of 1-based line <paramref name="lineNumber"/> (clamped to the source).</summary>
    /// <param name="lineNumber">The 1-based line number.</param>
    public SourceLocation LocationOfLine(int lineNumber) =>
        _lines.Length == 0 ? new SourceLocation(Name, 1, 1, 0) : LocationOf(_lines[Math.Clamp(lineNumber - 1, 0, _lines.Length - 1)].Start);

    /// <summary>The location of the span of <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    /// <param name="offset">A byte offset in the source (may equal <see cref="Length"/>).</param>
    /// <param name="length">The span's length in bytes.</param>
    public SourceLocation LocationOf(int offset, int length) => LocationOf(offset) with { Length = length };

    /// <summary>The location of byte <paramref name="offset"/> as a 1-based line and column.</summary>
    /// <param name="offset">A byte offset in the source (may equal <see cref="Length"/>).</param>
    public SourceLocation LocationOf(int offset)
    {
        if (_lines.Length == 0)
        {
            return new SourceLocation(Name, 1, 1, 0);
        }

        int lo = 0, hi = _lines.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_lines[mid].Start <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return new SourceLocation(Name, _lines[lo].Number, offset - _lines[lo].Start + 1, offset);
    }

    private static PhysicalLine[] SplitLines(string text)
    {
        var lines = new List<PhysicalLine>();
        var start = 0;
        var number = 1;
        while (start < text.Length)
        {
            var lf = text.IndexOf('\n', start);
            var hasLf = lf >= 0;
            var end = hasLf ? lf : text.Length;
            lines.Add(Classify(text, number, start, end - start, hasLf));
            number++;
            start = end + (hasLf ? 1 : 0);
        }

        return [.. lines];
    }

    private static PhysicalLine Classify(string text, int number, int start, int length, bool hasLf)
    {
        var crlf = length > 0 && text[start + length - 1] == '\r';
        var i = start;
        var end = start + length;
        while (i < end && PostfixChars.IsSpace(text[i]))
        {
            i++;
        }

        PhysicalLineKind kind;
        if (i == end)
        {
            kind = PhysicalLineKind.Blank;
        }
        else if (text[i] == '#')
        {
            kind = PhysicalLineKind.Comment;
        }
        else
        {
            kind = i == start ? PhysicalLineKind.Start : PhysicalLineKind.Continuation;
        }

        return new PhysicalLine(number, start, length, hasLf, kind, crlf);
    }
}
