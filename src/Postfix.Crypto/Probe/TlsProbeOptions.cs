using System.Globalization;

namespace Postfix.Crypto.Probe;

/// <summary>Where and how <see cref="TlsProbe"/> connects.</summary>
public sealed class TlsProbeOptions
{
    /// <summary>Creates options for <paramref name="host"/> and <paramref name="port"/>.</summary>
    /// <exception cref="ArgumentException">An empty host or a port outside 1–65535.</exception>
    public TlsProbeOptions(string host, int port = 25)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (host.Any(c => c <= ' ' || c == 0x7f))
        {
            throw new ArgumentException("a host name cannot contain blanks or control characters", nameof(host));
        }

        Host = host;
        Port = port;
    }

    /// <summary>Host name or IP address.</summary>
    public string Host { get; }

    /// <summary>TCP port.</summary>
    public int Port { get; }

    /// <summary>STARTTLS (default) or wrapper mode.</summary>
    public TlsProbeMode Mode { get; init; } = TlsProbeMode.StartTls;

    /// <summary>The EHLO argument (default <c>localhost</c>).</summary>
    public string HeloName
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            if (value.Any(c => c <= ' ' || c >= 0x7f))
            {
                throw new ArgumentException("the EHLO name must be printable ASCII without blanks", nameof(value));
            }

            field = value;
        }
    } = "localhost";

    /// <summary>The SNI name to send, or null for none (as <c>posttls-finger</c> without <c>-s</c>).</summary>
    public string? ServerName { get; init; }

    /// <summary>Time allowed for the TCP connection (default 30 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for each SMTP reply (default 30 s; Postfix's <c>smtp_*_timeout</c> are longer).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for the TLS handshake (default 30 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads a destination as <c>posttls-finger</c> and the transport table write one: <c>host:port</c>,
    /// <c>[host]:port</c>, <c>[ipv6:addr]:port</c> or <c>[addr]:port</c>; the port defaults to <paramref name="defaultPort"/>.
    /// </summary>
    /// <exception cref="FormatException">Not a destination.</exception>
    public static TlsProbeOptions FromDestination(string destination, int defaultPort = 25)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string host;
        string? port = null;
        if (destination.StartsWith('['))
        {
            var close = destination.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"destination \"{destination}\": missing ']'");
            }

            host = destination[1..close];
            if (host.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase))
            {
                host = host[5..];
            }

            var rest = destination[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    throw new FormatException($"destination \"{destination}\": expected ':port' after ']'");
                }

                port = rest[1..];
            }
        }
        else
        {
            var colon = destination.LastIndexOf(':');
            if (colon >= 0 && destination.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new FormatException($"destination \"{destination}\": write an IPv6 address as [addr]:port");
            }

            host = colon < 0 ? destination : destination[..colon];
            port = colon < 0 ? null : destination[(colon + 1)..];
        }

        var number = defaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            throw new FormatException($"destination \"{destination}\": bad port \"{port}\"");
        }

        if (host.Length == 0 || host.Any(c => c <= ' ' || c == 0x7f))
        {
            throw new FormatException($"destination \"{destination}\": bad host name");
        }

        return new TlsProbeOptions(host, number);
    }
}
