using System.Text;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// Postfix's RFC 822 token scanner and its two ways back to text, as postalias uses them (Postfix 3.7
/// <c>tok822_scan()</c>, <c>tok822_internalize()</c>, <c>tok822_externalize()</c>). Works on byte text; the input ends
/// at the first NUL byte, as a C string does.
/// </summary>
internal static class Rfc822Tokenizer
{
    // "|%!" followed by RFC 822's specials: the single-byte operators of tok822_scan.
    private const string OperatorChars = "|%!()<>@,;:\\\".[]";

    /// <summary>Splits <paramref name="text"/> into tokens exactly like <c>tok822_scan()</c>.</summary>
    public static List<Rfc822Token> Scan(string text)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            text = text[..nul];
        }

        var tokens = new List<Rfc822Token>();
        var i = 0;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            var ch = text[i++];
            if (IsSpaceTabCrLf(ch))
            {
                continue;
            }

            sb.Clear();
            var start = i - 1;
            if (ch == '(')
            {
                i = Comment(text, i, sb);
                tokens.Add(new Rfc822Token(Rfc822Token.Comment, sb.ToString(), start));
            }
            else if (ch == '[')
            {
                i = Collect(text, i, sb, c => c != ']');
                i = SkipLast(text, i);
                tokens.Add(new Rfc822Token(Rfc822Token.DomainLiteral, sb.ToString(), start));
            }
            else if (ch == '"')
            {
                i = Collect(text, i, sb, c => c != '"');
                i = SkipLast(text, i);
                tokens.Add(new Rfc822Token(Rfc822Token.QuotedString, sb.ToString(), start));
            }
            else if (ch != '\\' && OperatorChars.Contains(ch, StringComparison.Ordinal))
            {
                tokens.Add(new Rfc822Token(ch, string.Empty, start));
            }
            else
            {
                i = Collect(text, i - 1, sb, c => !IsSpaceTabCrLf(c) && !OperatorChars.Contains(c, StringComparison.Ordinal));
                var atom = sb.ToString();
                tokens.Add(new Rfc822Token(NeedsQuotes(atom) ? Rfc822Token.QuotedString : Rfc822Token.Atom, atom, start));
            }
        }

        return tokens;
    }

    /// <summary><c>tok822_internalize()</c> of a flat token list: the unquoted form (as the resolver produces).</summary>
    public static string Internalize(IReadOnlyList<Rfc822Token> tokens, int start, int end)
    {
        var sb = new StringBuilder();
        for (var n = start; n < end; n++)
        {
            var tp = tokens[n];
            switch (tp.Type)
            {
                case Rfc822Token.Atom:
                case Rfc822Token.QuotedString:
                case Rfc822Token.Comment:
                    sb.Append(tp.Text);
                    break;
                case Rfc822Token.DomainLiteral:
                    sb.Append('[').Append(tp.Text).Append(']');
                    break;
                default:
                    sb.Append((char)tp.Type);
                    break;
            }

            if (AppendSpace(tokens, n, end))
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    /// <summary><c>tok822_externalize()</c> of a flat token list: the quoted form, with <c>", "</c> after each comma.</summary>
    public static string Externalize(IReadOnlyList<Rfc822Token> tokens, int start, int end)
    {
        var sb = new StringBuilder();
        for (var n = start; n < end; n++)
        {
            var tp = tokens[n];
            switch (tp.Type)
            {
                case ',':
                    sb.Append(", ");
                    continue;
                case Rfc822Token.Atom:
                case Rfc822Token.Comment:
                    sb.Append(tp.Text);
                    break;
                case Rfc822Token.QuotedString:
                    sb.Append('"');
                    CopyQuoted(sb, tp.Text, "\"\\\r\n");
                    sb.Append('"');
                    break;
                case Rfc822Token.DomainLiteral:
                    sb.Append('[');
                    CopyQuoted(sb, tp.Text, "\\\r\n");
                    sb.Append(']');
                    break;
                default:
                    sb.Append((char)tp.Type);
                    break;
            }

            if (AppendSpace(tokens, n, end))
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    /// <summary>Postfix's <c>IS_SPACE_TAB_CR_LF()</c> (VT and FF are not among them).</summary>
    public static bool IsSpaceTabCrLf(char c) => c is ' ' or '\t' or '\r' or '\n';

    /// <summary><c>tok822_quote_atom()</c>: an atom with a space, a control byte or an operator becomes a quoted string.</summary>
    private static bool NeedsQuotes(string atom)
    {
        foreach (var c in atom)
        {
            if (c == ' ' || c < 0x20 || c == 0x7f || OperatorChars.Contains(c, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AppendSpace(IReadOnlyList<Rfc822Token> tokens, int n, int end)
    {
        if (n + 1 >= end)
        {
            return false;
        }

        var tp = tokens[n];
        var next = tokens[n + 1];
        if (tp.Type == ',' || next.Type == '<')
        {
            return true;
        }

        return tp.IsWord && next.IsWord;
    }

    private static void CopyQuoted(StringBuilder sb, string text, string quoteSet)
    {
        foreach (var c in text)
        {
            if (quoteSet.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }
    }

    // COLLECT(): a backslash takes the next byte whatever it is; blanks become a space.
    private static int Collect(string s, int i, StringBuilder sb, Func<char, bool> cond)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                if (++i >= s.Length)
                {
                    break;
                }

                c = s[i];
            }
            else if (!cond(c))
            {
                break;
            }

            sb.Append(IsSpaceTabCrLf(c) ? ' ' : c);
            i++;
        }

        return i;
    }

    private static int SkipLast(string s, int i) => i < s.Length ? i + 1 : i;

    // tok822_comment(): kept in external form, parentheses nest, a backslash keeps the next byte.
    private static int Comment(string s, int i, StringBuilder sb)
    {
        var level = 1;
        sb.Append('(');
        while (i < s.Length)
        {
            var c = s[i++];
            sb.Append(c);
            if (c == '(')
            {
                level++;
            }
            else if (c == ')')
            {
                if (--level == 0)
                {
                    break;
                }
            }
            else if (c == '\\')
            {
                if (i >= s.Length)
                {
                    break;
                }

                sb.Append(s[i++]);
            }
        }

        return i;
    }
}
