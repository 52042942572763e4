using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// The main.cf editor of <c>postconf -e/-X/-#</c> (<c>postconf_edit.c</c> <c>pcf_edit_main()</c>), line for line:
/// comment and blank lines pass through, a start line whose key (bytes up to the first of SP HT CR LF <c>=</c>) is a
/// target is replaced by <c>name = value\n</c>, removed or prefixed with <c>#</c>, and the continuation lines after
/// it go the same way; names not found are appended by <c>-e</c>. Differences from Postfix 3.7.11, all deliberate:
/// a last line without a newline gets one (as later Postfix releases do), appended names come in byte order (3.7.11
/// uses a randomly seeded hash order), and lines holding a NUL byte are kept whole (postconf cuts them at the NUL).
/// </summary>
internal static class PostconfMainEditor
{
    /// <summary>Which edit.</summary>
    public enum Mode
    {
        /// <summary><c>-e</c>.</summary>
        Set,

        /// <summary><c>-X</c>.</summary>
        Remove,

        /// <summary><c>-#</c>.</summary>
        CommentOut,
    }

    private sealed class Request(string name, string? value)
    {
        public string Name { get; } = name;

        public string? Value { get; } = value;

        public int Found { get; set; }
    }

    /// <summary>Checks and parses the arguments as postconf does; throws <see cref="ArgumentException"/> with postconf's fatal message.</summary>
    public static (List<(string Name, string? Value)> Requests, List<string> Warnings) ParseArguments(
        Mode mode,
        IEnumerable<string> arguments)
    {
        var requests = new List<(string Name, string? Value)>();
        var warnings = new List<string>();
        foreach (var argument in arguments)
        {
            ArgumentNullException.ThrowIfNull(argument);
            var cp = ByteText.FromDisplay(argument);
            if (cp.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("-e, -X, or -# accepts no multi-line input");
            }

            var i = 0;
            while (i < cp.Length && PostfixChars.IsSpace(cp[i]))
            {
                i++;
            }

            cp = CString(cp[i..]);
            if (cp.Length > 0 && cp[0] == '#')
            {
                throw new ArgumentException("-e, -X, or -# accepts no comment input");
            }

            string name;
            string? value;
            if (mode == Mode.Set)
            {
                var error = SplitNameValue(cp, out name, out var v);
                if (error is not null)
                {
                    throw new ArgumentException(ByteText.ToDisplay($"{error}: \"{cp}\""));
                }

                value = v;
            }
            else
            {
                if (cp.Length == 0)
                {
                    throw new ArgumentException("-X or -# requires non-blank parameter names");
                }

                if (cp.Contains('=', StringComparison.Ordinal))
                {
                    throw new ArgumentException("-X or -# requires parameter names without value");
                }

                // postconf calls trimblanks() but does not use its result, so trailing blanks stay in the name.
                name = cp;
                value = null;
            }

            var earlier = requests.FindIndex(r => string.Equals(r.Name, name, StringComparison.Ordinal));
            if (earlier >= 0)
            {
                // 3.7.11 warns for every repeated -e name (later releases only when the values differ); for a
                // repeated -X/-# name 3.7.11 crashes while formatting a null value, later releases say nothing.
                if (requests[earlier].Value is { } previous && value is not null)
                {
                    warnings.Add(ByteText.ToDisplay($"ignoring earlier request: '{name} = {previous}'"));
                }

                requests.RemoveAt(earlier);
            }

            requests.Add((name, value));
        }

        return (requests, warnings);
    }

    /// <summary>Applies the edit to <paramref name="source"/>'s lines; returns the new byte text and the "multiple entries" warnings.</summary>
    public static (string Text, List<(string Message, int Line)> Warnings) Apply(
        SourceText source,
        Mode mode,
        IReadOnlyList<(string Name, string? Value)> requests)
    {
        var table = new Dictionary<string, Request>(StringComparer.Ordinal);
        foreach (var (name, value) in requests)
        {
            table[name] = new Request(name, value);
        }

        var warnings = new List<(string Message, int Line)>();
        var text = source.Text;
        var output = new StringBuilder(text.Length + 64);
        var interesting = false;
        foreach (var line in source.Lines)
        {
            // Later Postfix releases (and we) give a last line without a newline its newline before going on.
            var content = text.Substring(line.Start, line.Length);
            var full = content + "\n";
            var cp = 0;
            while (cp < content.Length && PostfixChars.IsSpace(content[cp]))
            {
                cp++;
            }

            if (cp == content.Length || content[cp] == '#' || content[cp] == '\0')
            {
                output.Append(full);
                continue;
            }

            if (cp > 0)
            {
                if (!interesting)
                {
                    output.Append(full);
                }
                else if (mode == Mode.CommentOut)
                {
                    output.Append('#').Append(full);
                }

                continue;
            }

            var keyEnd = 0;
            while (keyEnd < content.Length && content[keyEnd] is not (' ' or '\t' or '\r' or '\n' or '=' or '\0'))
            {
                keyEnd++;
            }

            var key = content[..keyEnd];
            if (table.TryGetValue(key, out var request))
            {
                interesting = true;
                if (request.Found++ == 1)
                {
                    warnings.Add((ByteText.ToDisplay($"{source.Name}: multiple entries for \"{key}\""), line.Number));
                }

                switch (mode)
                {
                    case Mode.Set:
                        output.Append(key).Append(" = ").Append(request.Value).Append('\n');
                        break;
                    case Mode.CommentOut:
                        output.Append('#').Append(full);
                        break;
                }
            }
            else
            {
                interesting = false;
                output.Append(full);
            }
        }

        if (mode == Mode.Set)
        {
            foreach (var request in table.Values.Where(r => r.Found == 0).OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                output.Append(request.Name).Append(" = ").Append(request.Value).Append('\n');
            }
        }

        return (output.ToString(), warnings);
    }

    /// <summary>Postfix's <c>split_nameval()</c> on byte text; returns its error message or null.</summary>
    internal static string? SplitNameValue(string buf, out string name, out string value)
    {
        name = string.Empty;
        value = string.Empty;
        var np = 0;
        while (np < buf.Length && PostfixChars.IsSpace(buf[np]))
        {
            np++;
        }

        if (np == buf.Length || buf[np] == '=')
        {
            return "missing attribute name";
        }

        var ep = np;
        while (ep < buf.Length && !PostfixChars.IsSpace(buf[ep]) && buf[ep] != '=')
        {
            ep++;
        }

        var cp = ep;
        while (cp < buf.Length && PostfixChars.IsSpace(buf[cp]))
        {
            cp++;
        }

        if (cp == buf.Length || buf[cp] != '=')
        {
            return "missing '=' after attribute name";
        }

        cp++;
        while (cp < buf.Length && PostfixChars.IsSpace(buf[cp]))
        {
            cp++;
        }

        var end = buf.Length;
        while (end > cp && PostfixChars.IsSpace(buf[end - 1]))
        {
            end--;
        }

        name = buf[np..ep];
        value = buf[cp..end];
        return null;
    }

    private static string CString(string s)
    {
        var nul = s.IndexOf('\0', StringComparison.Ordinal);
        return nul >= 0 ? s[..nul] : s;
    }
}
