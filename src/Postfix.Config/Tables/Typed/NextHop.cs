using System.Globalization;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables.Typed;

/// <summary>
/// A next-hop destination as Postfix's <c>host_port()</c> reads it: <c>host</c>, <c>host:port</c>, <c>[host]</c> or
/// <c>[host]:port</c> (brackets turn off MX lookups), with IPv6 addresses inside brackets (<c>[2001:db8::1]:25</c> or
/// <c>[ipv6:2001:db8::1]</c>). Without brackets the port is split at the last <c>:</c>.
/// </summary>
public sealed class NextHop
{
    private NextHop(string host, string? port, bool bracketed, string text)
    {
        Host = host;
        Port = port;
        NoMxLookup = bracketed;
        Text = text;
    }

    /// <summary>The host name or address (without brackets).</summary>
    public string Host { get; }

    /// <summary>The port or service name, or null when none was given.</summary>
    public string? Port { get; }

    /// <summary>Whether the host was written in brackets (no MX lookup).</summary>
    public bool NoMxLookup { get; }

    /// <summary>The next hop as written.</summary>
    public string Text { get; }

    /// <summary>Parses a next hop.</summary>
    /// <param name="text">The text, for example <c>[mail.example.com]:587</c>.</param>
    /// <exception cref="FormatException">Postfix's reason (for example <c>missing "]"</c>).</exception>
    public static NextHop Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('['))
        {
            var inner = text[1..];
            if (inner.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase))
            {
                inner = inner[5..];
            }

            var close = inner.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("missing \"]\"");
            }

            var host = inner[..close];
            var rest = inner[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                throw new FormatException("garbage after \"]\"");
            }

            if (host.Contains(':', StringComparison.Ordinal) && !InetAddress.TryParseV6(host, new byte[16]))
            {
                throw new FormatException("malformed IPv6 address");
            }

            var port = rest.Length > 1 ? rest[1..] : null;
            return Check(new NextHop(host, port, true, text));
        }

        var colon = text.LastIndexOf(':');
        return colon < 0
            ? Check(new NextHop(text, null, false, text))
            : Check(new NextHop(text[..colon], colon + 1 < text.Length ? text[(colon + 1)..] : null, false, text));
    }

    /// <summary>Builds a next hop; IPv6 addresses are always bracketed.</summary>
    /// <param name="host">A host name, an IPv4 address or an IPv6 address.</param>
    /// <param name="port">A port number, or null.</param>
    /// <param name="noMxLookup">Write brackets (no MX lookup). Forced for IPv6 addresses.</param>
    public static NextHop Create(string host, int? port = null, bool noMxLookup = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var bracket = noMxLookup || host.Contains(':', StringComparison.Ordinal);
        var text = (bracket ? "[" + host + "]" : host) + (port is null ? string.Empty : ":" + port.Value.ToString(CultureInfo.InvariantCulture));
        return Parse(text);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static NextHop Check(NextHop hop)
    {
        if (hop.Host.Length == 0)
        {
            throw new FormatException("missing host information");
        }

        if (hop.Port is { Length: > 0 } p && char.IsAsciiDigit(p[0]) && !p.All(char.IsAsciiDigit))
        {
            throw new FormatException("garbage after numerical service");
        }

        if (hop.Host.Any(c => c <= ' ' || c is ',' or '[' or ']'))
        {
            throw new FormatException("valid hostname or network address required");
        }

        return hop;
    }
}
