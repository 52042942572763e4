using System.Net;
using System.Net.Sockets;

namespace Postfix.Config.Catalog;

/// <summary>
/// Postfix's <c>mynetworks()</c> (<c>global/mynetworks.c</c>): the default of <c>mynetworks</c>, computed from the
/// interface addresses selected by <c>inet_interfaces</c> and <c>inet_protocols</c>, masked by
/// <c>mynetworks_style</c>, duplicates removed in first-seen order.
/// </summary>
internal static class MyNetworks
{
    public static string Compute(PostfixHost host, string interfaces, string style, string protocols)
    {
        var (ipv4, ipv6) = ParseProtocols(protocols);
        if (!ipv4 && !ipv6)
        {
            return string.Empty;
        }

        var addresses = SelectAddresses(host, interfaces, ipv4, ipv6);
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var styleWord = style.Trim(' ', '\t', '\r', '\n', ',');
        foreach (var (address, prefix) in addresses)
        {
            var word = address.AddressFamily == AddressFamily.InterNetwork
                ? FormatV4(address, prefix, styleWord)
                : FormatV6(address, prefix, styleWord);
            if (seen.Add(word))
            {
                words.Add(word);
            }
        }

        return string.Join(' ', words);
    }

    private static (bool Ipv4, bool Ipv6) ParseProtocols(string protocols)
    {
        bool v4 = false, v6 = false;
        foreach (var word in protocols.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "all":
                    v4 = v6 = true;
                    break;
                case "ipv4":
                    v4 = true;
                    break;
                case "ipv6":
                    v6 = true;
                    break;
            }
        }

        return (v4, v6);
    }

    private static List<HostAddress> SelectAddresses(PostfixHost host, string interfaces, bool ipv4, bool ipv6)
    {
        bool Wanted(IPAddress a) => a.AddressFamily == AddressFamily.InterNetwork ? ipv4 : ipv6;
        var words = interfaces.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1 && words[0].Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return [.. host.Addresses.Where(a => Wanted(a.Address))];
        }

        var selected = new List<HostAddress>();
        foreach (var word in words)
        {
            IEnumerable<IPAddress> wanted = word.Equals("loopback-only", StringComparison.OrdinalIgnoreCase)
                ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
                : IPAddress.TryParse(word.Trim('[', ']'), out var literal) ? [literal] : [];
            foreach (var address in wanted.Where(Wanted))
            {
                var local = host.Addresses.FirstOrDefault(a => a.Address.Equals(address));
                selected.Add(local.Address is null
                    ? new HostAddress(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                    : local);
            }
        }

        return selected;
    }

    private static string FormatV4(IPAddress address, int prefix, string style)
    {
        var bytes = address.GetAddressBytes();
        var value = (uint)((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
        var bits = style switch
        {
            "host" => 32,
            "class" => (value >> 31) == 0 ? 8 : (value >> 30) == 2 ? 16 : (value >> 29) == 6 ? 24 : 4,
            _ => prefix,
        };
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        var net = value & mask;
        return $"{net >> 24}.{(net >> 16) & 0xff}.{(net >> 8) & 0xff}.{net & 0xff}/{bits}";
    }

    private static string FormatV6(IPAddress address, int prefix, string style)
    {
        var bits = style == "host" ? 128 : prefix;
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < 16; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }

        return $"[{new IPAddress(bytes)}]/{bits}";
    }
}
