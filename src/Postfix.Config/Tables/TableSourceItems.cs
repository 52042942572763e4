using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// What the lossless key-value table sources (<see cref="PostmapSource"/>, <see cref="Aliases.AliasSource"/>) do alike
/// with their item lists: parse one item per logical line, give the bytes back, and build the byte text of an edited
/// file (an edit re-parses the whole new file, so every line number and byte offset stays exact).
/// </summary>
internal static class TableSourceItems
{
    /// <summary>Parses every logical line of <paramref name="source"/> into an item, in order.</summary>
    public static T[] Parse<T>(SourceText source, bool utf8, Func<string, LineGroup, bool, T> parseGroup) =>
        [.. LogicalLineReader.Read(source).Select(group => parseGroup(source.Name, group, utf8))];

    /// <summary>The items' text, concatenated (byte text).</summary>
    public static string RawText<T>(IEnumerable<T> items)
        where T : ITableSourceItem => string.Concat(items.Select(i => i.RawText));

    /// <summary>The line ending of <paramref name="raw"/> (CRLF, LF or none).</summary>
    public static string LineEnding(string raw) =>
        raw.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : raw.EndsWith('\n') ? "\n" : string.Empty;

    /// <summary>The ending for a new line: CRLF when any line of the file ends so, else LF.</summary>
    public static string FileLineEnding(string rawText) => rawText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    /// <summary>
    /// <paramref name="rawText"/> with <paramref name="line"/> (no ending) appended as a new last line, first ending an
    /// unterminated last line; both endings follow <see cref="FileLineEnding"/>.
    /// </summary>
    public static string Append(string rawText, string line)
    {
        var ending = FileLineEnding(rawText);
        var prefix = rawText.Length > 0 && !rawText.EndsWith('\n') ? rawText + ending : rawText;
        return prefix + line + ending;
    }

    /// <summary>The byte text of the file with item <paramref name="index"/> replaced by <paramref name="raw"/> (with its ending).</summary>
    public static string Replace<T>(IReadOnlyList<T> items, int index, string raw)
        where T : ITableSourceItem =>
        string.Concat(items.Select((item, i) => i == index ? raw : item.RawText));

    /// <summary>The byte text of the file without the items <paramref name="drop"/> selects.</summary>
    public static string Without<T>(IEnumerable<T> items, Func<T, bool> drop)
        where T : ITableSourceItem => string.Concat(items.Where(i => !drop(i)).Select(i => i.RawText));

    /// <summary>The index of the first item <paramref name="match"/> selects, or -1.</summary>
    public static int IndexOf<T>(IReadOnlyList<T> items, Func<T, bool> match)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The raw text of an item whose logical text span <c>[start, end)</c> is replaced by <paramref name="replacement"/>,
    /// or null when the span does not lie on one physical line (then the caller rewrites the whole line).
    /// </summary>
    /// <param name="group">The item's lines.</param>
    /// <param name="start">The span's start in the logical text.</param>
    /// <param name="end">The span's end in the logical text.</param>
    /// <param name="replacement">The new bytes of the span (byte text).</param>
    public static string? Splice(LineGroup group, int start, int end, string replacement)
    {
        var text = group.Text;
        var from = group.LocationOf(start);
        var to = end == start ? from : group.LocationOf(end - 1);
        if (from.Line != to.Line)
        {
            return null;
        }

        var raw = group.RawText;
        var a = from.Offset - group.Start;
        var b = to.Offset - group.Start + (end == start ? 0 : 1);
        if (a < 0 || b > raw.Length || !string.Equals(raw[a..b], text[start..end], StringComparison.Ordinal))
        {
            return null;
        }

        return raw[..a] + replacement + raw[b..];
    }

    /// <summary>A location for an item: its first byte, with the span of its first <paramref name="length"/> bytes.</summary>
    public static SourceLocation LocationOf(LineGroup group, int length) =>
        group.LocationOf(0) with { Length = length };
}
