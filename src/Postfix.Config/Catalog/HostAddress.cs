using System.Net;

namespace Postfix.Config.Catalog;

/// <summary>One address of a local network interface, with its prefix length (netmask).</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">The netmask as a prefix length (0–32 for IPv4, 0–128 for IPv6).</param>
public readonly record struct HostAddress(IPAddress Address, int PrefixLength);
