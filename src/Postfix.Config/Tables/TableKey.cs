using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// Writing keys and entries of postmap/texthash sources so that Postfix reads back exactly what was meant (the
/// builders use this, so callers never hand-quote).
/// </summary>
public static class TableKey
{
    /// <summary>
    /// Quotes the local part of an address the way it must appear in a table key when it holds whitespace or
    /// RFC 5322 specials: <c>a b</c> becomes <c>"a b"</c> (so the key <c>"a b"@example.com</c>). Postfix looks keys
    /// up in this quoted (external) form.
    /// </summary>
    /// <param name="localPart">The unquoted local part.</param>
    public static string QuoteLocalPart(string localPart)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        if (localPart.Length > 0 && localPart.All(IsAtomOrDot) && !localPart.StartsWith('.') && !localPart.EndsWith('.') && !localPart.Contains("..", StringComparison.Ordinal))
        {
            return localPart;
        }

        var sb = new StringBuilder("\"");
        foreach (var c in localPart)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Formats one <c>key value</c> line (without a line break), checking that Postfix will read back exactly this key
    /// and this value.
    /// </summary>
    /// <param name="key">The key as it should be stored (a quoted key such as <c>"a b"@example.com</c> is fine).</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The key or value cannot be written so that Postfix reads it back unchanged.</exception>
    public static string Format(string key, string value) => ByteText.ToDisplay(FormatEntry(key, value));

    /// <summary>Byte-text form of <see cref="Format"/>.</summary>
    internal static string FormatEntry(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var k = ByteText.FromDisplay(key);
        var v = ByteText.FromDisplay(value);
        if (k.Length == 0 || k[0] == '#' || PostfixChars.IsSpace(k[0]))
        {
            throw new ArgumentException("A key must not be empty or start with whitespace or '#'.", nameof(key));
        }

        if (v.Length == 0 || PostfixChars.IsSpace(v[0]) || PostfixChars.IsSpace(v[^1]) || v.Contains('\n', StringComparison.Ordinal) || v.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A value must not be empty, start or end with whitespace, or hold a line break or NUL.", nameof(value));
        }

        if (k.Contains('\n', StringComparison.Ordinal) || k.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A key must not hold a line break or NUL.", nameof(key));
        }

        var line = k + " " + v;
        if (PostmapLineParser.Parse(line, utf8: false, out var pk, out var pv) != PostmapLineParser.Outcome.Entry || pk != k || pv != v)
        {
            throw new ArgumentException($"Postfix would not read the key back unchanged (unquoted whitespace or an unbalanced '\"'?): {key}", nameof(key));
        }

        return line;
    }

    private static bool IsAtomOrDot(char c) =>
        c > ' ' && c != 0x7f && "()<>[]:;@\\,\"".IndexOf(c, StringComparison.Ordinal) < 0;
}
