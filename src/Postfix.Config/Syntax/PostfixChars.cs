namespace Postfix.Config.Syntax;

/// <summary>
/// Character classes exactly as Postfix's C code uses them. Text in this library is held one byte per
/// <see cref="char"/> (values 0–255), so these tests never see a decoded multi-byte character.
/// </summary>
internal static class PostfixChars
{
    /// <summary>Postfix's <c>ISSPACE()</c>: SP, HT, LF, VT, FF, CR and nothing else (bytes ≥ 0x80 are never space).</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>Postfix's <c>CHARS_SPACE</c> set used by <c>mystrtok()</c>: SP, HT, CR, LF.</summary>
    public static bool IsTokenSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    /// <summary>Postfix's <c>CHARS_COMMA_SP</c>: comma plus <see cref="IsTokenSpace"/>.</summary>
    public static bool IsCommaOrTokenSpace(char c) => c == ',' || IsTokenSpace(c);

    /// <summary>Trims <see cref="IsSpace"/> characters from both ends, as Postfix's <c>trimblanks()</c>-style code does.</summary>
    public static string TrimSpace(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }

        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return s.Substring(start, end - start);
    }
}
