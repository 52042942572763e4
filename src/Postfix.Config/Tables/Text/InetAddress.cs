using System.Globalization;
using System.Text;

namespace Postfix.Config.Tables.Text;

/// <summary>
/// glibc's <c>inet_pton()</c> and <c>inet_ntop()</c> for AF_INET and AF_INET6, which Postfix's cidr tables use. The
/// .NET parser accepts forms glibc rejects (scope ids, short IPv4 forms), so this follows glibc instead.
/// </summary>
internal static class InetAddress
{
    /// <summary>glibc <c>inet_pton(AF_INET, …)</c>: exactly four decimal octets, no leading zeros, each at most 255.</summary>
    public static bool TryParseV4(ReadOnlySpan<char> src, Span<byte> dst)
    {
        Span<byte> tmp = stackalloc byte[4];
        tmp.Clear();
        var sawDigit = false;
        var octets = 0;
        var tp = 0;
        foreach (var ch in src)
        {
            if (ch is >= '0' and <= '9')
            {
                var next = (tmp[tp] * 10) + (ch - '0');
                if (sawDigit && tmp[tp] == 0)
                {
                    return false;
                }

                if (next > 255)
                {
                    return false;
                }

                tmp[tp] = (byte)next;
                if (!sawDigit)
                {
                    if (++octets > 4)
                    {
                        return false;
                    }

                    sawDigit = true;
                }
            }
            else if (ch == '.' && sawDigit)
            {
                if (octets == 4)
                {
                    return false;
                }

                tmp[++tp] = 0;
                sawDigit = false;
            }
            else
            {
                return false;
            }
        }

        if (octets < 4)
        {
            return false;
        }

        tmp.CopyTo(dst);
        return true;
    }

    /// <summary>glibc <c>inet_pton(AF_INET6, …)</c>, including a trailing dotted IPv4 part.</summary>
    public static bool TryParseV6(ReadOnlySpan<char> src, Span<byte> dst)
    {
        Span<byte> tmp = stackalloc byte[16];
        tmp.Clear();
        var tp = 0;
        const int end = 16;
        var colonp = -1;
        var i = 0;
        if (src.Length == 0)
        {
            return false;
        }

        if (src[0] == ':')
        {
            i++;
            if (i == src.Length || src[i] != ':')
            {
                return false;
            }
        }

        var curtok = i;
        var xdigits = 0;
        uint val = 0;
        while (i < src.Length)
        {
            var ch = src[i++];
            var digit = HexValue(ch);
            if (digit >= 0)
            {
                if (xdigits == 4)
                {
                    return false;
                }

                val = (val << 4) | (uint)digit;
                if (val > 0xffff)
                {
                    return false;
                }

                xdigits++;
                continue;
            }

            if (ch == ':')
            {
                curtok = i;
                if (xdigits == 0)
                {
                    if (colonp >= 0)
                    {
                        return false;
                    }

                    colonp = tp;
                    continue;
                }
                else if (i == src.Length)
                {
                    return false;
                }

                if (tp + 2 > end)
                {
                    return false;
                }

                tmp[tp++] = (byte)(val >> 8);
                tmp[tp++] = (byte)val;
                xdigits = 0;
                val = 0;
                continue;
            }

            if (ch == '.' && tp + 4 <= end && TryParseV4(src[curtok..], tmp.Slice(tp, 4)))
            {
                tp += 4;
                xdigits = 0;
                break;
            }

            return false;
        }

        if (xdigits > 0)
        {
            if (tp + 2 > end)
            {
                return false;
            }

            tmp[tp++] = (byte)(val >> 8);
            tmp[tp++] = (byte)val;
        }

        if (colonp >= 0)
        {
            if (tp == end)
            {
                return false;
            }

            var n = tp - colonp;
            tmp.Slice(colonp, n).CopyTo(tmp.Slice(end - n, n));
            tmp.Slice(colonp, end - n - colonp).Clear();
            tp = end;
        }

        if (tp != end)
        {
            return false;
        }

        tmp.CopyTo(dst);
        return true;
    }

    /// <summary>glibc <c>inet_ntop()</c> for 4 or 16 bytes.</summary>
    public static string Format(ReadOnlySpan<byte> src)
    {
        if (src.Length == 4)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{src[0]}.{src[1]}.{src[2]}.{src[3]}");
        }

        Span<int> words = stackalloc int[8];
        for (var i = 0; i < 8; i++)
        {
            words[i] = (src[2 * i] << 8) | src[(2 * i) + 1];
        }

        int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
        for (var i = 0; i < 8; i++)
        {
            if (words[i] == 0)
            {
                if (curBase == -1)
                {
                    curBase = i;
                    curLen = 1;
                }
                else
                {
                    curLen++;
                }
            }
            else if (curBase != -1)
            {
                if (bestBase == -1 || curLen > bestLen)
                {
                    bestBase = curBase;
                    bestLen = curLen;
                }

                curBase = -1;
            }
        }

        if (curBase != -1 && (bestBase == -1 || curLen > bestLen))
        {
            bestBase = curBase;
            bestLen = curLen;
        }

        if (bestBase != -1 && bestLen < 2)
        {
            bestBase = -1;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen)
            {
                if (i == bestBase)
                {
                    sb.Append(':');
                }

                continue;
            }

            if (i != 0)
            {
                sb.Append(':');
            }

            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff)))
            {
                sb.Append(Format(src[12..]));
                return sb.ToString();
            }

            sb.Append(words[i].ToString("x", CultureInfo.InvariantCulture));
        }

        if (bestBase != -1 && bestBase + bestLen == 8)
        {
            sb.Append(':');
        }

        return sb.ToString();
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
