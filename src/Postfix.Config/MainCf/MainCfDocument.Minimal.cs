using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <content>Minimal edits: change only the bytes that must change, keep the rest of the layout.</content>
public sealed partial class MainCfDocument
{
    /// <summary>
    /// Sets a parameter's value in place: only the value bytes of its last definition change; the spacing around
    /// <c>=</c> and the rest of the file stay as they are. A continued value is replaced by a one-line value, and its
    /// inner comment lines are kept. An absent parameter is appended as <c>name = value</c>.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The raw value (no line breaks; surrounding whitespace is removed, as Postfix would).</param>
    /// <exception cref="ArgumentException">The name is not a valid parameter name, or the value has a line break or NUL.</exception>
    public MainCfDocument Set(string name, string value)
    {
        CheckName(name);
        var raw = CheckValue(value);
        var p = Find(name);
        if (p is null)
        {
            return Append(ByteText.FromDisplay(name) + " = " + raw + "\n");
        }

        if (string.Equals(p.Value, value, StringComparison.Ordinal))
        {
            return this;   // nothing to change: not a byte of the file moves
        }

        var lines = EntryLines(p);
        var first = lines[0];
        var valueStart = p.ValueSpan.Start;
        string replacement;
        if (p.ValueSpan.End <= first.ContentEnd)
        {
            var prefix = p.Raw[..valueStart];
            replacement = prefix + Spaced(prefix, raw) + p.Raw[p.ValueSpan.End..];
        }
        else
        {
            // Keep the first line up to the value and its line ending, drop the continuation lines, keep inner comments.
            var sb = new StringBuilder();
            var prefix = p.Raw[..valueStart];
            sb.Append(prefix).Append(Spaced(prefix, raw)).Append(first.HasLineFeed ? first.Eol(p.Raw) : string.Empty);
            foreach (var line in lines.Skip(1).Where(l => l.IsIgnorable))
            {
                sb.Append(p.Raw, line.Start, line.End - line.Start);
            }

            replacement = sb.ToString();
        }

        return ReplaceEntry(p, replacement);
    }

    /// <summary>
    /// Adds one item to a list-valued parameter (such as <c>smtpd_recipient_restrictions</c>), keeping its layout: in
    /// a one-item-per-line layout the item gets its own line with the same indentation (and a trailing comma when the
    /// other lines have one); on a single line it is joined with the separator the value already uses. The item goes
    /// before the first occurrence of <paramref name="before"/> when given (and present), else at the end. Nothing
    /// changes when the item is already in the list. An absent parameter is appended as <c>name = item</c>.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="item">The item, for example <c>check_sender_access hash:/etc/postfix/sender_access</c>.</param>
    /// <param name="before">An item to insert before (for example <c>reject_unauth_destination</c>), or null.</param>
    /// <exception cref="ArgumentException">The name or item is not valid.</exception>
    public MainCfDocument AddListItem(string name, string item, string? before = null)
    {
        CheckName(name);
        var itemTokens = ListTokens(CheckValue(item));
        if (itemTokens.Count == 0)
        {
            throw new ArgumentException("The list item is empty.", nameof(item));
        }

        var itemText = string.Join(' ', itemTokens);
        var p = Find(name);
        if (p is null)
        {
            return Append(ByteText.FromDisplay(name) + " = " + itemText + "\n");
        }

        var tokens = Tokens(p);
        if (FindSequence(tokens, itemTokens) >= 0)
        {
            return this;
        }

        if (tokens.Count == 0)
        {
            return Set(name, ByteText.ToDisplay(itemText));
        }

        var lines = EntryLines(p);
        var raw = p.Raw;
        var commas = tokens.Take(tokens.Count - 1).Any(t => raw[t.End - 1] == ',') || raw[tokens[^1].End - 1] == ',';
        var perLine = lines.Count(l => !l.IsIgnorable) > 1;
        var beforeAt = before is null ? -1 : FindSequence(tokens, ListTokens(CheckValue(before)));
        if (beforeAt >= 0)
        {
            var target = tokens[beforeAt];
            var line = lines[target.Line];
            if (perLine && target.Line > 0 && FirstTokenOnLine(tokens, beforeAt))
            {
                // Its own line, with the target line's indentation, above the target line.
                var newLine = raw[line.Start..target.Start] + itemText + (commas ? "," : string.Empty) + line.Eol(raw);
                return ReplaceEntry(p, raw[..line.Start] + newLine + raw[line.Start..]);
            }

            return ReplaceEntry(p, raw[..target.Start] + itemText + (commas || tokens.Count == 1 ? ", " : " ") + raw[target.Start..]);
        }

        var last = tokens[^1];
        var lastLine = lines[last.Line];
        var lastHasComma = raw[last.End - 1] == ',';
        if (perLine && last.Line > 0)
        {
            // Its own line after the last item's line, with that line's indentation and comma style.
            var indent = raw[lastLine.Start..tokens.First(t => t.Line == last.Line).Start];
            var head = commas && !lastHasComma ? raw[..last.End] + "," + raw[last.End..lastLine.End] : raw[..lastLine.End];
            var newLine = indent + itemText + (lastHasComma ? "," : string.Empty);
            var eol = lastLine.Eol(raw);
            var added = lastLine.HasLineFeed ? newLine + eol : eol + newLine;
            return ReplaceEntry(p, head + added + raw[lastLine.End..]);
        }

        // One item gives no hint: use the comma Postfix's own documentation uses.
        var separator = lastHasComma ? " " : commas || tokens.Count == 1 ? ", " : " ";
        return ReplaceEntry(p, raw[..last.End] + separator + itemText + raw[last.End..]);
    }

    /// <summary>
    /// Removes the first occurrence of one item from a list-valued parameter, keeping the layout: an item on a line of
    /// its own loses that line; an item sharing a line loses itself and one separator. Nothing changes when the item
    /// is not in the list or the parameter is absent.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="item">The item, for example <c>reject_unauth_destination</c>.</param>
    /// <exception cref="ArgumentException">The name or item is not valid.</exception>
    public MainCfDocument RemoveListItem(string name, string item)
    {
        CheckName(name);
        var itemTokens = ListTokens(CheckValue(item));
        var p = Find(name);
        if (p is null || itemTokens.Count == 0)
        {
            return this;
        }

        var tokens = Tokens(p);
        var at = FindSequence(tokens, itemTokens);
        if (at < 0)
        {
            return this;
        }

        var firstTok = tokens[at];
        var lastTok = tokens[at + itemTokens.Count - 1];
        var lines = EntryLines(p);
        var raw = p.Raw;
        var alone = firstTok.Line > 0 && firstTok.Line == lastTok.Line
            && tokens.Count(t => t.Line == firstTok.Line) == itemTokens.Count;
        if (alone)
        {
            var line = lines[firstTok.Line];
            return ReplaceEntry(p, raw[..line.Start] + raw[line.End..]);
        }

        // Remove the item and the separators after it; for the last item on its line, the separators before it.
        var next = at + itemTokens.Count < tokens.Count ? tokens[at + itemTokens.Count] : (Token?)null;
        if (next is { } n && n.Line == lastTok.Line)
        {
            return ReplaceEntry(p, raw[..firstTok.Start] + raw[n.Start..]);
        }

        var previous = at > 0 ? tokens[at - 1] : (Token?)null;
        var start = previous is { } pr && pr.Line == firstTok.Line ? pr.End : firstTok.Start;
        if (previous is { } prev && prev.Line == firstTok.Line && raw[prev.Start..prev.End].EndsWith(',') && !raw[firstTok.Start..lastTok.End].EndsWith(','))
        {
            // "a, b" minus b: drop the comma that separated them too.
            start = prev.End - 1;
        }

        return ReplaceEntry(p, raw[..start] + raw[lastTok.End..]);
    }

    /// <summary>
    /// Removes every definition of each name, and nothing else: the lines of each definition go, except the comment
    /// and blank lines inside a continued value, which stay where they are. Names without a definition are ignored.
    /// </summary>
    /// <param name="names">The parameter names.</param>
    /// <exception cref="ArgumentException">A name is not a valid parameter name.</exception>
    public MainCfDocument Remove(params IEnumerable<string> names) =>
        EditDefinitions(names, (p, lines) => string.Concat(lines.Skip(1).Where(l => l.IsIgnorable).Select(l => p.Raw[l.Start..l.End])));

    /// <summary>
    /// Comments out every definition of each name, and nothing else: a <c>#</c> goes before its start line and each
    /// continuation line; comment and blank lines inside stay as they are. Names without a definition are ignored.
    /// </summary>
    /// <param name="names">The parameter names.</param>
    /// <exception cref="ArgumentException">A name is not a valid parameter name.</exception>
    public MainCfDocument CommentOut(params IEnumerable<string> names) =>
        EditDefinitions(names, (p, lines) => string.Concat(lines.Select((l, i) => (i == 0 || !l.IsIgnorable ? "#" : string.Empty) + p.Raw[l.Start..l.End])));

    private MainCfDocument EditDefinitions(IEnumerable<string> names, Func<MainCfParameter, List<EntryLine>, string> replace)
    {
        ArgumentNullException.ThrowIfNull(names);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            CheckName(name);
            wanted.Add(ByteText.FromDisplay(name));
        }

        if (!Definitions.Any(p => wanted.Contains(p.RawName)))
        {
            return this;
        }

        var sb = new StringBuilder(RawText.Length);
        foreach (var e in Entries)
        {
            sb.Append(e is MainCfParameter p && wanted.Contains(p.RawName) ? replace(p, EntryLines(p)) : e.Raw);
        }

        return WithRawText(sb.ToString());
    }

    private static string CheckValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A value must not contain a line break or a NUL character.", nameof(value));
        }

        return PostfixChars.TrimSpace(ByteText.FromDisplay(value));
    }

    private static string Spaced(string prefix, string value) =>
        value.Length > 0 && prefix.Length > 0 && prefix[^1] == '=' ? " " + value : value;

    private static List<string> ListTokens(string text) =>
        [.. text.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)];

    private static bool FirstTokenOnLine(List<Token> tokens, int index) => index == 0 || tokens[index - 1].Line != tokens[index].Line;

    private static int FindSequence(List<Token> tokens, List<string> items)
    {
        for (var i = 0; i + items.Count <= tokens.Count; i++)
        {
            var match = true;
            for (var k = 0; k < items.Count && match; k++)
            {
                match = string.Equals(tokens[i + k].Word, items[k], StringComparison.Ordinal);
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The list items of a parameter's value with their offsets in its raw text (a trailing comma is part of the token span).</summary>
    private static List<Token> Tokens(MainCfParameter p)
    {
        var result = new List<Token>();
        var lines = EntryLines(p);
        var valueEnd = p.ValueSpan.End;
        for (var li = 0; li < lines.Count; li++)
        {
            var line = lines[li];
            if (line.IsIgnorable)
            {
                continue;
            }

            var i = li == 0 ? Math.Max(line.Start, p.ValueSpan.Start) : line.Start;
            var end = Math.Min(line.ContentEnd, valueEnd);
            while (i < end)
            {
                while (i < end && p.Raw[i] is ',' or ' ' or '\t' or '\r' or '\n')
                {
                    i++;
                }

                var s = i;
                while (i < end && p.Raw[i] is not (',' or ' ' or '\t' or '\r' or '\n'))
                {
                    i++;
                }

                if (i > s)
                {
                    var e = i < end && p.Raw[i] == ',' ? i + 1 : i;
                    result.Add(new Token(li, s, e, p.Raw[s..i]));
                }
            }
        }

        return result;
    }

    /// <summary>The physical lines of an entry, with offsets into its raw text.</summary>
    private static List<EntryLine> EntryLines(MainCfEntry entry)
    {
        var result = new List<EntryLine>();
        var raw = entry.Raw;
        var start = 0;
        while (start < raw.Length)
        {
            var lf = raw.IndexOf('\n', start);
            var end = lf < 0 ? raw.Length : lf + 1;
            var contentEnd = lf < 0 ? raw.Length : lf;
            var content = raw[start..contentEnd];
            var trimmed = content.TrimStart(' ', '\t', '\r', '\v', '\f');
            var ignorable = trimmed.Length == 0 || trimmed[0] == '#';
            result.Add(new EntryLine(start, contentEnd, end, lf >= 0, ignorable && result.Count > 0));
            start = end;
        }

        return result;
    }

    private MainCfDocument ReplaceEntry(MainCfEntry entry, string replacement)
    {
        var sb = new StringBuilder(RawText.Length + replacement.Length);
        foreach (var e in Entries)
        {
            sb.Append(ReferenceEquals(e, entry) ? replacement : e.Raw);
        }

        return WithRawText(sb.ToString());
    }

    private MainCfDocument Append(string line)
    {
        var text = RawText;
        var needsNewline = text.Length > 0 && text[^1] != '\n';
        return WithRawText(text + (needsNewline ? "\n" : string.Empty) + line);
    }

    private readonly record struct Token(int Line, int Start, int End, string Word);

    private readonly record struct EntryLine(int Start, int ContentEnd, int End, bool HasLineFeed, bool IsIgnorable)
    {
        /// <summary>The line ending style of this line for a new line next to it: CRLF or LF.</summary>
        public string Eol(string raw) => ContentEnd > Start && raw[ContentEnd - 1] == '\r' ? "\r\n" : "\n";
    }
}
