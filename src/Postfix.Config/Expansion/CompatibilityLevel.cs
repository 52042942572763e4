namespace Postfix.Config.Expansion;

/// <summary>
/// Postfix's <c>compat_level_from_string()</c>: <c>major[.minor[.patch]]</c> as one comparable number (major in the
/// high bits, then 10 bits each for minor and patch), with <c>strtol()</c>'s leniency (leading blanks, a sign).
/// </summary>
internal static class CompatibilityLevel
{
    private const int MinorShift = 10;
    private const int MajorShift = 20;
    private const long MinorMax = 0x3ff;
    private const long PatchMax = 0x3ff;
    private const long MajorMax = long.MaxValue >> MajorShift;

    /// <summary>The encoded level, or -1 when the text is malformed.</summary>
    public static long Parse(string text)
    {
        var position = 0;
        if (!StrToL(text, ref position, out var major) || major < 0 || major > MajorMax)
        {
            return -1;
        }

        var result = major << MajorShift;
        if (position == text.Length)
        {
            return result;
        }

        if (text[position] != '.')
        {
            return -1;
        }

        position++;
        if (!StrToL(text, ref position, out var minor) || minor < 0 || minor > MinorMax)
        {
            return -1;
        }

        result |= minor << MinorShift;
        if (position == text.Length)
        {
            return result;
        }

        if (text[position] != '.')
        {
            return -1;
        }

        position++;
        if (!StrToL(text, ref position, out var patch) || patch < 0 || patch > PatchMax || position != text.Length)
        {
            return -1;
        }

        return result | patch;
    }

    /// <summary>
    /// <c>strtol(s, &amp;end, 10)</c> from <paramref name="position"/>: optional C blanks, optional sign, digits.
    /// False when there are no digits (then <c>end</c> would equal the start) or on overflow (<c>ERANGE</c>).
    /// </summary>
    private static bool StrToL(string s, ref int position, out long value)
    {
        value = 0;
        var i = position;
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        var digitsStart = i;
        var overflow = false;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            var d = s[i] - '0';
            if (!overflow && value > (long.MaxValue - d) / 10)
            {
                overflow = true;
            }

            if (!overflow)
            {
                value = (value * 10) + d;
            }

            i++;
        }

        if (i == digitsStart)
        {
            return false;
        }

        position = i;
        if (negative)
        {
            value = -value;
        }

        return !overflow;
    }
}
