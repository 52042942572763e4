namespace Postfix.Config.Syntax;

/// <summary>
/// Postfix's <c>{ }</c> grouping, shared by every format that uses it (master.cf arguments and <c>-o</c> values in
/// postconf, <c>inline:</c>/<c>static:</c> tables): <c>balpar()</c>, <c>mystrtokq()</c> with <c>"{}"</c> and
/// <c>extpar(…, EXTPAR_FLAG_STRIP)</c> from <c>util/mystrtok.c</c> and <c>util/extpar.c</c>, on byte text. The callers
/// differ only in the separator set they pass (<c>" \t\r\n"</c> for master.cf, <c>", \t\r\n"</c> for inline tables),
/// exactly as the C callers do.
/// </summary>
internal static class BraceGroups
{
    /// <summary><c>balpar(s, "{}")</c>: the length of the balanced <c>{…}</c> group at the start, or 0 (a NUL ends the text, as in C).</summary>
    public static int BalancedLength(string s)
    {
        if (s.Length == 0 || s[0] != '{')
        {
            return 0;
        }

        var level = 1;
        for (var i = 1; i < s.Length && s[i] != '\0'; i++)
        {
            if (s[i] == '}')
            {
                if (--level == 0)
                {
                    return i + 1;
                }
            }
            else if (s[i] == '{')
            {
                level++;
            }
        }

        return 0;
    }

    /// <summary>
    /// <c>mystrtokq(&amp;cp, sep, "{}")</c>: skips separators from <paramref name="pos"/>, then returns the next token
    /// (a <c>{…}</c> group, which can start mid-token, is never split; an unbalanced <c>{</c> runs to the end) as
    /// (start, length), or null at the end. <paramref name="pos"/> is left just past the token's terminating separator.
    /// </summary>
    public static (int Start, int Length)? NextToken(string s, ref int pos, Func<char, bool> isSeparator)
    {
        while (pos < s.Length && isSeparator(s[pos]))
        {
            pos++;
        }

        if (pos >= s.Length)
        {
            return null;
        }

        var start = pos;
        var level = 0;
        for (; pos < s.Length; pos++)
        {
            var c = s[pos];
            if (c == '{')
            {
                level++;
            }
            else if (level > 0 && c == '}')
            {
                level--;
            }
            else if (level == 0 && isSeparator(c))
            {
                var token = (start, pos - start);
                pos++;
                return token;
            }
        }

        return (start, pos - start);
    }

    /// <summary>
    /// <c>extpar(&amp;s, "{}", EXTPAR_FLAG_STRIP)</c>: the text inside the outer braces with surrounding whitespace
    /// removed, as (start, length) into <paramref name="s"/>. <paramref name="error"/> gets Postfix's message when there
    /// is no <c>{</c> at the start, the group is not closed, or text follows the closing brace; the span is what Postfix
    /// goes on with.
    /// </summary>
    public static (int Start, int Length) Extract(string s, out string? error)
    {
        error = null;
        int start;
        int end;
        int len;
        if (s.Length == 0 || s[0] != '{')
        {
            error = "no '{' at start of text in \"" + s + "\"";
            start = 0;
            end = 0;
        }
        else if ((len = BalancedLength(s)) == 0)
        {
            error = "missing '}' in \"" + s + "\"";
            start = 1;
            end = s.Length;
        }
        else
        {
            if (len != s.Length)
            {
                error = "syntax error after '}' in \"" + s + "\"";
            }

            start = 1;
            end = len - 1;
        }

        while (end > start && PostfixChars.IsSpace(s[end - 1]))
        {
            end--;
        }

        while (start < end && PostfixChars.IsSpace(s[start]))
        {
            start++;
        }

        return (start, end - start);
    }
}
