using System.Text;
using Postfix.Config.MasterCf.Postconf;
using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>Minimal edits: each touches only the bytes it must and keeps comments inside entries where they are.</summary>
public sealed partial class MasterCfDocument
{
    /// <summary>Replaces one field's word, and nothing else (setting the value it has changes no byte).</summary>
    /// <param name="service">A service of this document.</param>
    /// <param name="field">The field.</param>
    /// <param name="value">The new word (no whitespace; not empty).</param>
    public MasterCfDocument SetField(MasterCfService service, MasterCfField field, string value)
    {
        CheckOwn(service);
        ArgumentNullException.ThrowIfNull(value);
        var raw = ByteText.FromDisplay(value);
        var token = FieldToken(service, field);
        if (token.RawText == raw)
        {
            return this;
        }

        if (raw.Length == 0 || raw.Any(c => PostfixChars.IsSpace(c) || c == '\0') || raw[0] == '{'
            || (field == MasterCfField.Service && raw[0] == '#'))
        {
            throw new ArgumentException("A master.cf field must be one word without whitespace (and not start with '{', or '#' for the name).", nameof(value));
        }

        return With(Splice(RawText, token.Start, token.End, raw));
    }

    private static MasterCfToken FieldToken(MasterCfService service, MasterCfField field) => field switch
    {
        MasterCfField.Service => service.Name,
        MasterCfField.Type => service.Type,
        MasterCfField.Private => service.Private,
        MasterCfField.Unprivileged => service.Unprivileged,
        MasterCfField.Chroot => service.Chroot,
        MasterCfField.Wakeup => service.Wakeup,
        MasterCfField.ProcessLimit => service.ProcessLimit,
        _ => service.Command,
    };

    /// <summary>
    /// Sets <c>-o name=value</c>: every existing option with that name gets the new value in its own form (short or
    /// long; a value with whitespace turns a short form into <c>{ name = value }</c>); otherwise one option is added
    /// after the last option (on a line of its own when the options are on lines of their own), before any
    /// non-option argument. Options that already have the value are not touched, so setting the value an option has
    /// changes no byte.
    /// </summary>
    /// <param name="service">A service of this document.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value (not expanded; may be empty).</param>
    public MasterCfDocument SetParameter(MasterCfService service, string name, string value)
    {
        CheckOwn(service);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var rawValue = ByteText.FromDisplay(value);
        var existing = service.Options.Where(o => o.RawName == ByteText.FromDisplay(name)).ToList();
        if (existing.Count > 0 && existing.All(o => o.RawValue == rawValue))
        {
            return this;
        }

        var rawName = CheckName(name);

        if (rawValue.Contains('\n', StringComparison.Ordinal) || rawValue.Contains('\0', StringComparison.Ordinal)
            || rawValue != PostfixChars.TrimSpace(rawValue) || PcfText.BalancedLength("{" + rawValue + "}") != rawValue.Length + 2)
        {
            throw new ArgumentException("An option value must be one line without leading or trailing whitespace, with balanced braces.", nameof(value));
        }

        var text = RawText;
        var matching = existing.Where(o => o.RawValue != rawValue).ToList();
        if (existing.Count > 0)
        {
            foreach (var option in Enumerable.Reverse(matching))
            {
                text = ReplaceOptionValue(text, option, rawName, rawValue);
            }

            return With(text);
        }

        var pair = "-o " + FormatOptionValue(rawName, rawValue);
        return With(InsertOption(text, service, pair));
    }

    /// <summary>
    /// Removes every <c>-o name=…</c> of the service. An option alone on its line goes with its line; otherwise only
    /// the option and the blanks before it go. Comment lines stay.
    /// </summary>
    /// <param name="service">A service of this document.</param>
    /// <param name="name">The parameter name.</param>
    public MasterCfDocument RemoveParameter(MasterCfService service, string name)
    {
        CheckOwn(service);
        var rawName = CheckName(name);
        var text = RawText;
        foreach (var option in service.Options.Where(o => o.RawName == rawName).Reverse())
        {
            var start = option.OptionToken.Start;
            var end = option.ValueToken.End;
            var lineStart = LineStartOf(text, start);
            var lineEnd = LineEndOf(text, end);
            var before = text[lineStart..start];
            var after = text[end..lineEnd];
            if (IsBlankText(before) && IsBlankText(after))
            {
                var lfEnd = lineEnd < text.Length ? lineEnd + 1 : lineEnd;
                if (lfEnd == text.Length && lineStart > 0 && lineEnd == text.Length)
                {
                    // The last line has no newline: drop the newline before it instead.
                    text = text[..(lineStart - 1)] + text[lineEnd..];
                }
                else
                {
                    text = text[..lineStart] + text[lfEnd..];
                }
            }
            else
            {
                var from = start;
                while (from > lineStart && text[from - 1] is ' ' or '\t')
                {
                    from--;
                }

                if (from == lineStart)
                {
                    // Keep the indentation: remove the blanks after the option instead.
                    while (end < lineEnd && text[end] is ' ' or '\t')
                    {
                        end++;
                    }

                    from = start;
                }

                text = text[..from] + text[end..];
            }
        }

        return With(text);
    }

    /// <summary>Comments the service out: <c>#</c> before its start line and each continuation line (comment and blank lines inside stay as they are).</summary>
    /// <param name="service">A service of this document.</param>
    public MasterCfDocument CommentOutService(MasterCfService service)
    {
        CheckOwn(service);
        var text = RawText;
        var sb = new StringBuilder(text.Length + 8);
        var previous = 0;
        for (var i = service.Lines.FirstLine; i <= service.Lines.LastLine; i++)
        {
            var line = Source.Lines[i];
            if (line.IsIgnorable)
            {
                continue;
            }

            sb.Append(text, previous, line.Start - previous).Append('#');
            previous = line.Start;
        }

        sb.Append(text, previous, text.Length - previous);
        return With(sb.ToString());
    }

    /// <summary>
    /// Uncomments the first commented-out service with this name and type (<c>#name type …</c>) and the commented
    /// option lines that follow it (<c>#  -o …</c>, <c>#  flags=…</c>); comment prose between them stays a comment.
    /// Returns this document when there is no such commented-out service.
    /// </summary>
    /// <param name="name">The service name.</param>
    /// <param name="type">The service type.</param>
    public MasterCfDocument UncommentService(string name, string type)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        var text = RawText;
        var lines = Source.Lines;
        var wanted = MasterCfServiceKey.Create(name, type, isPrivate: true);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Kind != PhysicalLineKind.Comment || text[line.Start] != '#' || line.Length < 2 || PostfixChars.IsSpace(text[line.Start + 1])
                || text[line.Start + 1] == '#')
            {
                continue;
            }

            var body = text.Substring(line.Start + 1, line.Length - 1);
            var words = PcfText.Split(body, 0, 8);
            if (words.Count < 8)
            {
                continue;
            }

            var n = body.Substring(words[0].Start, words[0].Length);
            var t = body.Substring(words[1].Start, words[1].Length);
            if (t != type || MasterCfServiceKey.Create(n, t, isPrivate: true) != wanted)
            {
                continue;
            }

            var remove = new List<int> { line.Start };
            for (var j = i + 1; j < lines.Count; j++)
            {
                var next = lines[j];
                if (next.Kind != PhysicalLineKind.Comment || text[next.Start] != '#' || next.Length < 2 || !PostfixChars.IsSpace(text[next.Start + 1]))
                {
                    break;
                }

                var rest = text.Substring(next.Start + 1, next.Length - 1);
                var first = PcfText.Split(rest, 0, 1);
                if (first.Count == 1)
                {
                    var word = rest.Substring(first[0].Start, first[0].Length);
                    if (word.StartsWith('-') || word.Contains('=', StringComparison.Ordinal))
                    {
                        remove.Add(next.Start);
                    }
                }
            }

            var sb = new StringBuilder(text);
            foreach (var at in Enumerable.Reverse(remove))
            {
                sb.Remove(at, 1);
            }

            return With(sb.ToString());
        }

        return this;
    }

    /// <summary>Removes the service's start and continuation lines; comment and blank lines inside it stay (like <c>postconf -MX</c>).</summary>
    /// <param name="service">A service of this document.</param>
    public MasterCfDocument RemoveService(MasterCfService service)
    {
        CheckOwn(service);
        var text = RawText;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, service.Lines.Start);
        for (var i = service.Lines.FirstLine; i <= service.Lines.LastLine; i++)
        {
            var line = Source.Lines[i];
            if (line.IsIgnorable)
            {
                sb.Append(text, line.Start, line.EndIncludingLineFeed - line.Start);
            }
        }

        sb.Append(text, service.Lines.End, text.Length - service.Lines.End);
        return With(sb.ToString());
    }

    /// <summary>
    /// Adds a service written as one master.cf entry (<c>name type private unpriv chroot wakeup maxproc command args…</c>),
    /// printed in postconf's folded layout, after <paramref name="after"/> or at the end of the file.
    /// </summary>
    /// <param name="entry">The entry text.</param>
    /// <param name="after">A service of this document to insert after, or null to append.</param>
    public MasterCfDocument AddService(string entry, MasterCfService? after = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var raw = ByteText.FromDisplay(entry);
        if (raw.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The entry must be one line.", nameof(entry));
        }

        var warnings = new List<string>();
        PcfEntry? parsed;
        try
        {
            parsed = PcfEntry.Parse(raw, warnings, out var error);
            if (parsed is null)
            {
                throw new ArgumentException("Not a master.cf entry: " + error, nameof(entry));
            }
        }
        catch (PostconfFatalException e)
        {
            throw new ArgumentException(ByteText.ToDisplay(e.Message), nameof(entry), e);
        }

        if (warnings.Count > 0)
        {
            throw new ArgumentException(ByteText.ToDisplay(warnings[0]), nameof(entry));
        }

        return InsertEntry(parsed, after);
    }

    internal MasterCfDocument InsertEntry(PcfEntry parsed, MasterCfService? after)
    {
        var printed = new StringBuilder();
        parsed.Print(printed, fold: true, preserveArguments: true);
        var text = RawText;
        int at;
        bool crlf;
        if (after is not null)
        {
            CheckOwn(after);
            var last = Source.Lines[after.Lines.LastLine];
            crlf = last.HasLineFeed ? last.EndsWithCarriageReturn : Source.Lines.LastOrDefault(l => l.HasLineFeed).EndsWithCarriageReturn;
            at = after.Lines.End;
            if (!last.HasLineFeed)
            {
                text += crlf ? "\r\n" : "\n";
                at = text.Length;
            }
        }
        else
        {
            crlf = Source.Lines.LastOrDefault(l => l.HasLineFeed).EndsWithCarriageReturn;
            if (text.Length > 0 && text[^1] != '\n')
            {
                text += crlf ? "\r\n" : "\n";
            }

            at = text.Length;
        }

        var insert = printed.ToString();
        if (crlf)
        {
            insert = insert.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        return With(text.Insert(at, insert));
    }

    private void CheckOwn(MasterCfService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!Services.Contains(service))
        {
            throw new ArgumentException("The service does not belong to this document.", nameof(service));
        }
    }

    private static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var raw = ByteText.FromDisplay(name);
        if (raw.Length == 0 || raw.Any(c => PostfixChars.IsSpace(c) || c is '=' or '{' or '}' or '\0'))
        {
            throw new ArgumentException("A parameter name must be one word without '=' or braces.", nameof(name));
        }

        return raw;
    }

    private static string FormatOptionValue(string name, string value) =>
        PcfText.HasBlank(value) || value.Any(c => PostfixChars.IsSpace(c)) ? "{ " + name + " = " + value + " }" : name + "=" + value;

    private static string ReplaceOptionValue(string text, MasterCfOption option, string name, string value)
    {
        var token = option.ValueToken;
        var span = text[token.Start..token.End];
        if (option.IsLongForm && !span.Contains('\n', StringComparison.Ordinal))
        {
            var eq = span.IndexOf('=', StringComparison.Ordinal);
            var close = span.LastIndexOf('}');
            var from = eq + 1;
            while (from < close && PostfixChars.IsSpace(span[from]))
            {
                from++;
            }

            var to = close;
            while (to > from && PostfixChars.IsSpace(span[to - 1]))
            {
                to--;
            }

            return Splice(text, token.Start + from, token.Start + to, value);
        }

        var needsBraces = value.Any(c => PostfixChars.IsSpace(c));
        if (!option.IsLongForm && !needsBraces)
        {
            var eq = span.IndexOf('=', StringComparison.Ordinal);
            return Splice(text, token.Start + eq + 1, token.End, value);
        }

        var replacement = FormatOptionValue(name, value);
        if (option.IsGlued)
        {
            replacement = "-o " + replacement;
        }
        else if (!needsBraces)
        {
            replacement = "{ " + name + " = " + value + " }";
        }

        return Splice(text, token.Start, token.End, replacement);
    }

    private static string InsertOption(string text, MasterCfService service, string pair)
    {
        if (service.Options.Count > 0)
        {
            var last = service.Options[^1];
            var lineStart = LineStartOf(text, last.OptionToken.Start);
            var lineEnd = LineEndOf(text, last.ValueToken.End);
            var aloneFromStart = IsBlankText(text[lineStart..last.OptionToken.Start]) && lineStart > service.Lines.Start;
            var restOfLine = text[last.ValueToken.End..lineEnd];
            if (aloneFromStart && IsBlankText(restOfLine))
            {
                var indent = text[lineStart..last.OptionToken.Start];
                return InsertLineAfter(text, lineEnd, indent + pair);
            }

            return text.Insert(last.ValueToken.End, " " + pair);
        }

        var command = service.Command;
        var commandLineEnd = LineEndOf(text, command.End);
        if (IsBlankText(text[command.End..commandLineEnd]))
        {
            var indent = "  ";
            var firstArgument = service.Arguments.Count > 0 ? service.Arguments[0].Token : null;
            if (firstArgument is not null)
            {
                var argLineStart = LineStartOf(text, firstArgument.Start);
                if (argLineStart > command.End && IsBlankText(text[argLineStart..firstArgument.Start]))
                {
                    indent = text[argLineStart..firstArgument.Start];
                }
            }

            return InsertLineAfter(text, commandLineEnd, indent + pair);
        }

        return text.Insert(command.End, " " + pair);
    }

    /// <summary>Inserts a new physical line after the line whose content ends at <paramref name="lineEnd"/>, with that line's ending.</summary>
    private static string InsertLineAfter(string text, int lineEnd, string content)
    {
        var crlf = lineEnd > 0 && text[lineEnd - 1] == '\r';
        var at = crlf ? lineEnd - 1 : lineEnd;
        return text.Insert(at, (crlf ? "\r\n" : "\n") + content);
    }

    private static int LineStartOf(string text, int offset)
    {
        var lf = offset > 0 ? text.LastIndexOf('\n', offset - 1) : -1;
        return lf + 1;
    }

    /// <summary>Offset of the LF ending the line that holds <paramref name="offset"/> (or the text's end).</summary>
    private static int LineEndOf(string text, int offset)
    {
        var lf = text.IndexOf('\n', offset);
        return lf < 0 ? text.Length : lf;
    }

    private static bool IsBlankText(string s) => s.All(PostfixChars.IsSpace);

    private static string Splice(string text, int start, int end, string replacement) => string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(end));
}
