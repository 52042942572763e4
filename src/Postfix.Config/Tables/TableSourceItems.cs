using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// What the lossless table sources (<see cref="PostmapSource"/>, <see cref="Aliases.AliasSource"/>) do alike with their
/// item lists: parse one item per logical line, give the bytes back, re-parse an edited line, append a line (ending an
/// unterminated last line first), and find or drop entries by their normalised key. The formats differ only in how a
/// logical line becomes an item (<c>parseGroup</c>) and how a key is normalised.
/// </summary>
internal static class TableSourceItems
{
    /// <summary>Parses every logical line of <paramref name="source"/> into an item, in order.</summary>
    public static T[] Parse<T>(SourceText source, bool utf8, Func<string, LineGroup, bool, T> parseGroup) =>
        [.. LogicalLineReader.Read(source).Select(group => parseGroup(source.Name, group, utf8))];

    /// <summary>The items' text, concatenated (byte text).</summary>
    public static string RawText<T>(IEnumerable<T> items)
        where T : ITableSourceItem<T> => string.Concat(items.Select(i => i.RawText));

    /// <summary>Parses one line alone (<paramref name="raw"/>, with its line ending) and places it at <paramref name="lineNumber"/>.</summary>
    public static T ParseLine<T>(string raw, int lineNumber, string name, bool utf8, Func<string, LineGroup, bool, T> parseGroup)
        where T : ITableSourceItem<T>
    {
        var source = SourceText.FromBytes(ByteText.ToBytes(raw), name);
        return parseGroup(name, LogicalLineReader.Read(source)[0], utf8).At(lineNumber, raw);
    }

    /// <summary>The line ending of <paramref name="raw"/> (CRLF, LF or none).</summary>
    public static string LineEnding(string raw) =>
        raw.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : raw.EndsWith('\n') ? "\n" : string.Empty;

    /// <summary>The ending for a new line: CRLF when any line of the file ends so, else LF.</summary>
    public static string FileLineEnding<T>(IEnumerable<T> items)
        where T : ITableSourceItem<T> => items.Any(i => i.RawText.EndsWith("\r\n", StringComparison.Ordinal)) ? "\r\n" : "\n";

    /// <summary>
    /// Appends <paramref name="raw"/> (a line with its ending) at the end, first ending an unterminated last line with
    /// <see cref="FileLineEnding"/>; <paramref name="parseLine"/> parses a line placed at a line number.
    /// </summary>
    public static T[] Append<T>(IReadOnlyList<T> items, string raw, Func<string, int, T> parseLine)
        where T : ITableSourceItem<T>
    {
        var list = new List<T>(items);
        var lineNumber = 1;
        if (list.Count > 0)
        {
            var last = list[^1];
            lineNumber = last.LineNumber + last.RawText.Count(ch => ch == '\n');
            if (!last.RawText.EndsWith('\n'))
            {
                list[^1] = parseLine(last.RawText + FileLineEnding(items), last.LineNumber);
                lineNumber++;
            }
        }

        list.Add(parseLine(raw, lineNumber));
        return [.. list];
    }

    /// <summary>Re-parses item <paramref name="index"/> as <paramref name="line"/> (no ending: the old item's is kept).</summary>
    public static T[] Replace<T>(T[] items, int index, string line, Func<string, int, T> parseLine)
        where T : ITableSourceItem<T>
    {
        var copy = (T[])items.Clone();
        var old = copy[index];
        copy[index] = parseLine(line + LineEnding(old.RawText), old.LineNumber);
        return copy;
    }

    /// <summary>The index of the first entry whose normalised key is <paramref name="wanted"/>, or -1.</summary>
    /// <param name="items">The items.</param>
    /// <param name="entryKey">An entry's normalised key; null for an item that is not an entry.</param>
    /// <param name="wanted">The normalised key looked for.</param>
    public static int IndexOf<T>(IReadOnlyList<T> items, Func<T, string?> entryKey, string wanted)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (entryKey(items[i]) == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The items without the entries whose normalised key is <paramref name="wanted"/>.</summary>
    public static T[] Without<T>(IEnumerable<T> items, Func<T, string?> entryKey, string wanted) =>
        [.. items.Where(i => entryKey(i) != wanted)];
}
