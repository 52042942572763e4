namespace Postfix.Config.Tables.Text;

/// <summary>Postfix's brace helpers on byte text: <c>balpar()</c>, <c>mystrtokq()</c> with <c>CHARS_COMMA_SP</c>, and <c>extpar()</c>.</summary>
internal static class Braces
{
    /// <summary><c>balpar(s, "{}")</c>: the length of the balanced <c>{…}</c> group at the start, or 0.</summary>
    public static int Balance(string s)
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

    /// <summary><c>mystrtokq(&amp;cp, ", \t\r\n", "{}")</c>: the next token, or null at the end.</summary>
    public static string? NextToken(string s, ref int pos)
    {
        while (pos < s.Length && IsSep(s[pos]))
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
            else if (level == 0 && IsSep(c))
            {
                var token = s[start..pos];
                pos++;
                return token;
            }
        }

        return s[start..pos];
    }

    /// <summary><c>extpar(&amp;item, "{}", EXTPAR_FLAG_STRIP)</c>: strips the braces and surrounding whitespace; returns the error or null.</summary>
    public static string? Extract(ref string item)
    {
        string? err = null;
        var cp = item;
        int len;
        if (cp.Length == 0 || cp[0] != '{')
        {
            err = "no '{' at start of text in \"" + cp + "\"";
            len = 0;
        }
        else if ((len = Balance(cp)) == 0)
        {
            err = "missing '}' in \"" + cp + "\"";
            cp = cp[1..];
            len = cp.Length;
        }
        else
        {
            if (len != cp.Length)
            {
                err = "syntax error after '}' in \"" + cp + "\"";
            }

            cp = cp[1..(len - 1)];
            len = cp.Length;
        }

        var end = Math.Min(len, cp.Length);
        while (end > 0 && Syntax.PostfixChars.IsSpace(cp[end - 1]))
        {
            end--;
        }

        var start = 0;
        while (start < end && Syntax.PostfixChars.IsSpace(cp[start]))
        {
            start++;
        }

        item = cp[start..end];
        return err;
    }

    private static bool IsSep(char c) => c is ',' or ' ' or '\t' or '\r' or '\n';
}
