using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// Splits one logical line of a postmap/texthash source into key and value exactly like <c>postmap()</c> and
/// <c>dict_thash_open()</c> (Postfix 3.7): the key runs to the first whitespace outside double quotes (a backslash
/// escapes the next byte), it is kept verbatim (quotes included), and the value is the rest with surrounding
/// whitespace trimmed.
/// </summary>
internal static class PostmapLineParser
{
    /// <summary>The result of parsing one logical line.</summary>
    public enum Outcome
    {
        Entry,
        NonUtf8,
        Unbalanced,
        Expected,
    }

    /// <summary>Parses <paramref name="text"/> (byte text of the joined logical line).</summary>
    public static Outcome Parse(string text, bool utf8, out string key, out string value) =>
        Parse(text, utf8, out key, out value, out _, out _);

    /// <summary>Parses <paramref name="text"/> and gives the value's span <c>[valueStart, valueEnd)</c> in it.</summary>
    public static Outcome Parse(string text, bool utf8, out string key, out string value, out int valueStart, out int valueEnd)
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(text);
        var outcome = Split(bytes, utf8, out var keyEnd, out valueStart, out valueEnd);
        key = text[..keyEnd];
        value = text[valueStart..valueEnd];
        return outcome;
    }

    /// <summary>
    /// Splits a logical line given as bytes: the key is <c>[0, keyEnd)</c> and the value <c>[valueStart, valueEnd)</c>.
    /// </summary>
    public static Outcome Split(ReadOnlySpan<byte> text, bool utf8, out int keyEnd, out int valueStart, out int valueEnd)
    {
        keyEnd = valueStart = valueEnd = 0;

        // C string semantics: Postfix stops at a NUL byte (but validates UTF-8 over the whole buffer).
        var nul = text.IndexOf((byte)0);
        var c = nul >= 0 ? text[..nul] : text;
        if (utf8 && !Utf8Check.IsAscii(c) && !Utf8Check.IsValid(text))
        {
            return Outcome.NonUtf8;
        }

        var inQuotes = false;
        var p = 0;
        for (; p < c.Length; p++)
        {
            var ch = c[p];
            if (ch == (byte)'\\')
            {
                if (++p >= c.Length)
                {
                    break;
                }
            }
            else if (IsSpace(ch))
            {
                if (!inQuotes)
                {
                    break;
                }
            }
            else if (ch == (byte)'"')
            {
                inQuotes = !inQuotes;
            }
        }

        if (inQuotes)
        {
            return Outcome.Unbalanced;
        }

        var kEnd = Math.Min(p, c.Length);
        var v = kEnd < c.Length ? kEnd + 1 : kEnd;
        while (v < c.Length && IsSpace(c[v]))
        {
            v++;
        }

        var vEnd = c.Length;
        while (vEnd > v && IsSpace(c[vEnd - 1]))
        {
            vEnd--;
        }

        keyEnd = kEnd;
        valueStart = v;
        valueEnd = vEnd;
        return kEnd == 0 || vEnd == v ? Outcome.Expected : Outcome.Entry;
    }

    /// <summary>Postfix's <c>ISSPACE()</c> on a byte.</summary>
    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    /// <summary>The text of the line up to its first NUL byte (what Postfix prints with <c>%s</c>).</summary>
    public static string CString(string text)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul >= 0 ? text[..nul] : text;
    }

    /// <summary>Postfix's warning for an orphan continuation: <c>PATH: logical line must not start with whitespace: "…"</c>.</summary>
    public static TableWarning OrphanWarning(string path, LineGroup group)
    {
        var full = group.Text;
        var text = CString(full);
        var shown = (text.Length > 30 ? text[..30] : text) + (full.Length > 30 ? "..." : string.Empty) + "\"";
        var shortText = "logical line must not start with whitespace: \"" + shown;
        return TableWarning.Create(
            DiagnosticSeverity.Warning,
            TableDiagnosticCodes.OrphanLine,
            shortText,
            ByteText.FromDisplay(path) + ": " + shortText,
            group.Source.LocationOf(group.Start, group.End - group.Start));
    }
}
