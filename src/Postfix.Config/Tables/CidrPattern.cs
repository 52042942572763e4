using System.Globalization;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// A network pattern of a cidr table (<c>util/cidr_match.c</c>): <c>addr</c>, <c>addr/len</c>, <c>[addr]</c>,
/// <c>[addr]/len</c> or <c>[addr/len]</c>, IPv6 when it contains <c>:</c>.
/// </summary>
public sealed class CidrPattern
{
    private readonly byte[] _network;
    private readonly byte[] _mask;

    private CidrPattern(byte[] network, byte[] mask, int prefixLength)
    {
        _network = network;
        _mask = mask;
        PrefixLength = prefixLength;
    }

    /// <summary>Whether this is an IPv6 pattern.</summary>
    public bool IsIPv6 => _network.Length == 16;

    /// <summary>The prefix length in bits (32 or 128 for a single address).</summary>
    public int PrefixLength { get; }

    /// <summary>The network address as glibc's <c>inet_ntop()</c> prints it.</summary>
    public string Network => InetAddress.Format(_network);

    /// <summary>Parses a pattern as Postfix does.</summary>
    /// <param name="text">The pattern as written.</param>
    /// <exception cref="FormatException">Postfix rejects it (the message is Postfix's reason).</exception>
    public static CidrPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(ByteText.FromDisplay(text), out var pattern, out var why) ? pattern : throw new FormatException(ByteText.ToDisplay(why));
    }

    /// <summary>Tries to parse a pattern.</summary>
    /// <param name="text">The pattern as written.</param>
    /// <param name="pattern">The pattern, when valid.</param>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CidrPattern? pattern)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(ByteText.FromDisplay(text), out pattern, out _);
    }

    /// <summary>Whether the address (IPv4 or IPv6 text, parsed as glibc does) lies in this network.</summary>
    /// <param name="address">The address text.</param>
    public bool Contains(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return ParseAddress(ByteText.FromDisplay(address)) is { } bytes && Matches(bytes);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        PrefixLength == _network.Length * 8 ? Network : Network + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bytes of an address key as <c>cidr_match_execute()</c> parses it, or null.</summary>
    internal static byte[]? ParseAddress(string key)
    {
        if (key.Contains(':', StringComparison.Ordinal))
        {
            var b6 = new byte[16];
            return InetAddress.TryParseV6(key, b6) ? b6 : null;
        }

        var b4 = new byte[4];
        return InetAddress.TryParseV4(key, b4) ? b4 : null;
    }

    internal bool Matches(byte[] address)
    {
        if (address.Length != _network.Length)
        {
            return false;
        }

        for (var i = 0; i < address.Length; i++)
        {
            if ((address[i] & _mask[i]) != _network[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>cidr_match_parse()</c>: the pattern or Postfix's reason in <paramref name="why"/> (byte text).</summary>
    internal static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CidrPattern? result, out string why)
    {
        result = null;
        why = string.Empty;
        var pattern = text;
        string maskSearch;
        int maskSearchOffset;
        if (pattern.StartsWith('['))
        {
            pattern = pattern[1..];
            var close = pattern.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                why = "missing ']' character after \"[" + pattern + "\"";
                return false;
            }

            var rest = pattern[(close + 1)..];
            pattern = pattern[..close];
            if (rest.Length == 0 || rest[0] != '/')
            {
                if (rest.Length != 0)
                {
                    why = "garbage after \"[" + pattern + "]\"";
                    return false;
                }

                maskSearch = pattern;
                maskSearchOffset = 0;
            }
            else
            {
                maskSearch = rest;
                maskSearchOffset = -1;
            }
        }
        else
        {
            maskSearch = pattern;
            maskSearchOffset = 0;
        }

        var slash = maskSearch.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var mask = maskSearch[(slash + 1)..];
            if (maskSearchOffset == 0)
            {
                pattern = pattern[..slash];
            }

            var v6 = pattern.Contains(':', StringComparison.Ordinal);
            var bits = v6 ? 128 : 32;
            var network = new byte[v6 ? 16 : 4];
            string? error = null;
            var shift = 0;
            if (!AllDigits(mask))
            {
                error = "bad mask value";
            }
            else if ((shift = AtoiUnsignedChar(mask)) > bits)
            {
                error = "bad mask length";
            }
            else if (!(v6 ? InetAddress.TryParseV6(pattern, network) : InetAddress.TryParseV4(pattern, network)))
            {
                error = "bad network value";
            }

            if (error is not null)
            {
                why = error + " in \"" + pattern + "/" + mask + "\"";
                return false;
            }

            var maskBytes = MaskBytes(network.Length, shift);
            for (var i = 0; i < network.Length; i++)
            {
                if ((network[i] & ~maskBytes[i] & 0xff) != 0)
                {
                    var masked = new byte[network.Length];
                    for (var k = 0; k < network.Length; k++)
                    {
                        masked[k] = (byte)(network[k] & maskBytes[k]);
                    }

                    why = "non-null host address bits in \"" + pattern + "/" + mask + "\", perhaps you should use \""
                        + InetAddress.Format(masked) + "/" + shift.ToString(CultureInfo.InvariantCulture) + "\" instead";
                    return false;
                }
            }

            result = new CidrPattern(network, maskBytes, shift);
            return true;
        }

        var isV6 = pattern.Contains(':', StringComparison.Ordinal);
        var addr = new byte[isV6 ? 16 : 4];
        if (!(isV6 ? InetAddress.TryParseV6(pattern, addr) : InetAddress.TryParseV4(pattern, addr)))
        {
            why = "bad address pattern: \"" + pattern + "\"";
            return false;
        }

        result = new CidrPattern(addr, MaskBytes(addr.Length, addr.Length * 8), addr.Length * 8);
        return true;
    }

    private static bool AllDigits(string s) => s.Length > 0 && s.All(c => c is >= '0' and <= '9');

    /// <summary><c>atoi()</c> stored into Postfix's <c>unsigned char mask_shift</c>: strtol saturates, then the low 8 bits remain.</summary>
    private static int AtoiUnsignedChar(string digits)
    {
        ulong value = 0;
        foreach (var c in digits)
        {
            var digit = (ulong)(c - '0');
            if (value > (long.MaxValue - digit) / 10)
            {
                value = long.MaxValue;
                break;
            }

            value = (value * 10) + digit;
        }

        return (int)(value & 0xff);
    }

    private static byte[] MaskBytes(int length, int shift)
    {
        var mask = new byte[length];
        for (var bit = 0; bit < shift && bit < length * 8; bit++)
        {
            mask[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return mask;
    }
}
