using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf.Postconf;

/// <summary>
/// The small string routines of Postfix's util library that master.cf handling relies on, on byte text:
/// <c>mystrtok</c>, <c>mystrtokq</c>, <c>extpar</c> and <c>split_nameval</c>. The <c>{ }</c> grouping is
/// <see cref="BraceGroups"/>, shared with the inline/static tables (same Postfix routines, other separator set).
/// </summary>
internal static class PcfText
{
    /// <summary>postconf's <c>PCF_MASTER_BLANKS</c> and the master daemon's <c>master_blanks</c>: SP HT CR LF.</summary>
    public static bool IsBlank(char c) => PostfixChars.IsTokenSpace(c);

    /// <summary>Whether <paramref name="s"/> holds one of <see cref="IsBlank"/> (<c>s[strcspn(s, " \t\r\n")]</c>).</summary>
    public static bool HasBlank(string s)
    {
        foreach (var c in s)
        {
            if (IsBlank(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Tokens split on blanks where a <c>{…}</c> group (which can start mid-token) is never split: <c>mystrtokq</c>
    /// with <c>"{}"</c>. An unbalanced <c>{</c> runs to the end. Returns (start, length) pairs into <paramref name="text"/>.
    /// </summary>
    public static List<(int Start, int Length)> SplitQuoted(string text, int from = 0)
    {
        var result = new List<(int, int)>();
        var i = from;
        while (BraceGroups.NextToken(text, ref i, IsBlank) is { } token)
        {
            result.Add(token);
        }

        return result;
    }

    /// <summary>Plain blank-separated tokens (<c>mystrtok</c>).</summary>
    public static List<(int Start, int Length)> Split(string text, int from = 0, int max = int.MaxValue)
    {
        var result = new List<(int, int)>();
        var i = from;
        while (result.Count < max)
        {
            while (i < text.Length && IsBlank(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var start = i;
            while (i < text.Length && !IsBlank(text[i]))
            {
                i++;
            }

            result.Add((start, i - start));
        }

        return result;
    }

    /// <summary>Length of a balanced <c>{…}</c> group at the start of <paramref name="s"/>, or 0 (<c>balpar</c>).</summary>
    public static int BalancedLength(string s) => BraceGroups.BalancedLength(s);

    /// <summary>
    /// <c>extpar(&amp;s, "{}", EXTPAR_FLAG_STRIP)</c> on a token that starts with <c>{</c>: the text inside the outer
    /// braces with leading and trailing whitespace removed. <paramref name="error"/> gets Postfix's message when the
    /// group is not closed or text follows the closing brace; the returned text is what Postfix goes on with.
    /// </summary>
    public static string ExtractBraced(string s, out string? error, out int contentStart, out int contentLength)
    {
        (contentStart, contentLength) = BraceGroups.Extract(s, out error);
        return s.Substring(contentStart, contentLength);
    }

    /// <summary>
    /// <c>split_nameval</c>: <c>name = value</c> with whitespace around both trimmed. Returns Postfix's error text,
    /// or null on success.
    /// </summary>
    public static string? SplitNameValue(string s, out string name, out string value)
    {
        name = string.Empty;
        value = string.Empty;
        var np = 0;
        while (np < s.Length && PostfixChars.IsSpace(s[np]))
        {
            np++;
        }

        if (np == s.Length || s[np] == '=')
        {
            return "missing attribute name";
        }

        var ep = np;
        while (ep < s.Length && !PostfixChars.IsSpace(s[ep]) && s[ep] != '=')
        {
            ep++;
        }

        var cp = ep;
        while (cp < s.Length && PostfixChars.IsSpace(s[cp]))
        {
            cp++;
        }

        if (cp == s.Length || s[cp] != '=')
        {
            return "missing '=' after attribute name";
        }

        cp++;
        while (cp < s.Length && PostfixChars.IsSpace(s[cp]))
        {
            cp++;
        }

        var end = s.Length;
        while (end > cp && PostfixChars.IsSpace(s[end - 1]))
        {
            end--;
        }

        name = s[np..ep];
        value = s[cp..end];
        return null;
    }

    /// <summary>The text up to the first NUL: what Postfix's C strings see.</summary>
    public static string UpToNul(string s)
    {
        var nul = s.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? s : s[..nul];
    }
}
