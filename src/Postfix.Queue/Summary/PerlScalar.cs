using System.Globalization;
using System.Numerics;

namespace Postfix.Queue.Summary;

/// <summary>How Perl turns a string into a number (qshape is a Perl script; its arithmetic is Perl's).</summary>
internal static class PerlScalar
{
    /// <summary>
    /// Perl's numeric value of <paramref name="text"/>: leading white space, a decimal number (sign, digits, fraction,
    /// exponent) or Inf/NaN; anything else counts as 0 from there on. <paramref name="clean"/> says whether the whole
    /// string was a number (else Perl warns "isn't numeric").
    /// </summary>
    public static double ToNumber(string text, out bool clean)
    {
        var i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        var start = i;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }

        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var digits = i - digitsStart;
        if (i < text.Length && text[i] == '.')
        {
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            digits += j - i - 1;
            i = digits > 0 ? j : i;
        }

        double value;
        if (digits == 0)
        {
            var rest = text.AsSpan(digitsStart);
            var negative = digitsStart > start && text[start] == '-';
            if (rest.StartsWith("infinity", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("inf", StringComparison.OrdinalIgnoreCase))
            {
                var n = rest.StartsWith("infinity", StringComparison.OrdinalIgnoreCase) ? 8 : 3;
                clean = IsBlankTail(text, digitsStart + n);
                return negative ? double.NegativeInfinity : double.PositiveInfinity;
            }

            if (rest.StartsWith("nan", StringComparison.OrdinalIgnoreCase))
            {
                clean = IsBlankTail(text, digitsStart + 3);
                return double.NaN;
            }

            clean = false;
            return 0;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            var e = j;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            if (j > e)
            {
                i = j;
            }
        }

        value = double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        clean = IsBlankTail(text, i);
        return value;
    }

    /// <summary>Perl's string form of a number: integers exactly (below 2**64), everything else like C's <c>%.15g</c>.</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 18446744073709551616.0)
        {
            return new BigInteger(value).ToString(CultureInfo.InvariantCulture);
        }

        var g = value.ToString("G15", CultureInfo.InvariantCulture);
        var e = g.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? g : string.Concat(g.AsSpan(0, e), "e", g.AsSpan(e + 1));
    }

    /// <summary>Perl's <c>\s</c> on a byte string: space, tab, newline, vertical tab, form feed, carriage return.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static bool IsBlankTail(string text, int from)
    {
        for (var k = from; k < text.Length; k++)
        {
            if (!IsSpace(text[k]))
            {
                return false;
            }
        }

        return true;
    }
}
