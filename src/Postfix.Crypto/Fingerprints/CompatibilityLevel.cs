using System.Globalization;

namespace Postfix.Crypto.Fingerprints;

/// <summary>Postfix's <c>compatibility_level</c> syntax and ordering (<c>global/compat_level.c</c>): major[.minor[.patch]].</summary>
internal static class CompatibilityLevel
{
    private const int MinorWidth = 10;
    private const int PatchWidth = 10;
    private const long MinorMax = 0x3ff;
    private const long PatchMax = 0x3ff;
    private const long MajorMax = long.MaxValue >> (MinorWidth + PatchWidth);

    public static long Encode(long major, long minor, long patch) => (major << (MinorWidth + PatchWidth)) | (minor << PatchWidth) | patch;

    /// <summary>Encodes a level so that numeric order is Postfix's order (<c>3.10</c> &gt; <c>3.9</c>).</summary>
    /// <exception cref="FormatException">The text is not a valid level; the message is Postfix's.</exception>
    public static long Parse(string text)
    {
        var parts = text.Split('.');
        if (parts.Length <= 3
            && TryNumber(parts[0], MajorMax, out var major)
            && (parts.Length < 2 || TryNumber(parts[1], MinorMax, out _))
            && (parts.Length < 3 || TryNumber(parts[2], PatchMax, out _)))
        {
            TryNumber(parts.Length > 1 ? parts[1] : "0", MinorMax, out var minor);
            TryNumber(parts.Length > 2 ? parts[2] : "0", PatchMax, out var patch);
            return Encode(major, minor, patch);
        }

        throw new FormatException($"malformed compatibility level syntax: \"{text}\"");
    }

    // strtol(3) in base 10: optional leading white space and sign, then at least one digit.
    private static bool TryNumber(string text, long max, out long value)
    {
        value = 0;
        var s = text.TrimStart(' ', '\t', '\n', '\v', '\f', '\r');
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0 || !s.All(char.IsAsciiDigit))
        {
            return false;
        }

        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return value >= 0 && value <= max;
    }
}
