using System.Globalization;

namespace Postfix.Config;

/// <summary>
/// A Postfix compatibility level (<c>compatibility_level</c>, and the operands of <c>&lt;=level</c> comparisons in
/// <c>$</c> expansions): <c>major[.minor[.patch]]</c>, parsed and ordered exactly like Postfix's
/// <c>compat_level_from_string()</c> (each number as <c>strtol</c> reads it; minor and patch at most 1023).
/// </summary>
/// <param name="Major">The major number.</param>
/// <param name="Minor">The minor number (0 when absent).</param>
/// <param name="Patch">The patch number (0 when absent).</param>
public readonly record struct CompatibilityLevel(long Major, long Minor, long Patch) : IComparable<CompatibilityLevel>
{
    private const int MinorShift = 10;
    private const int MajorShift = 20;
    private const long MinorMax = 0x3ff;
    private const long PatchMax = 0x3ff;
    private const long MajorMax = long.MaxValue >> MajorShift;

    /// <summary>Orders two levels like Postfix (major, then minor, then patch).</summary>
    public static bool operator <(CompatibilityLevel left, CompatibilityLevel right) => left.CompareTo(right) < 0;

    /// <summary>Orders two levels like Postfix.</summary>
    public static bool operator >(CompatibilityLevel left, CompatibilityLevel right) => left.CompareTo(right) > 0;

    /// <summary>Orders two levels like Postfix.</summary>
    public static bool operator <=(CompatibilityLevel left, CompatibilityLevel right) => left.CompareTo(right) <= 0;

    /// <summary>Orders two levels like Postfix.</summary>
    public static bool operator >=(CompatibilityLevel left, CompatibilityLevel right) => left.CompareTo(right) >= 0;

    /// <summary>Parses a level; returns false for what Postfix calls "malformed compatibility level syntax".</summary>
    /// <param name="text">The text, e.g. <c>3.6</c>.</param>
    /// <param name="level">The level, when the text is valid.</param>
    public static bool TryParse(string? text, out CompatibilityLevel level)
    {
        level = default;
        var encoded = text is null ? -1 : ParseEncoded(text);
        if (encoded < 0)
        {
            return false;
        }

        level = new CompatibilityLevel(encoded >> MajorShift, (encoded >> MinorShift) & MinorMax, encoded & PatchMax);
        return true;
    }

    /// <summary>Parses a level.</summary>
    /// <param name="text">The text, e.g. <c>3.6</c>.</param>
    /// <exception cref="FormatException">Postfix's words: <c>malformed compatibility level syntax: "…"</c>.</exception>
    public static CompatibilityLevel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var level) ? level : throw new FormatException($"malformed compatibility level syntax: \"{text}\"");
    }

    /// <inheritdoc/>
    public int CompareTo(CompatibilityLevel other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    /// <summary>The shortest text for the level: <c>3</c>, <c>3.6</c> or <c>3.6.1</c>.</summary>
    public override string ToString() => Patch != 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}")
        : Minor != 0 ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}") : Major.ToString(CultureInfo.InvariantCulture);

    /// <summary>Postfix's encoding of a level as one number (major &lt;&lt; 20 | minor &lt;&lt; 10 | patch), or -1 when malformed.</summary>
    internal static long ParseEncoded(string text)
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

    // strtol(3) in base 10: optional leading white space (Postfix's six bytes) and sign, then at least one digit.
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
