namespace Postfix.Config.MasterCf;

/// <summary>An address family for <c>inet_protocols</c>.</summary>
public enum InetProtocolFamily
{
    /// <summary><c>ipv4</c>.</summary>
    IPv4,

    /// <summary><c>ipv6</c>.</summary>
    IPv6,
}
