using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Postfix.Config.Catalog;

/// <summary>
/// The facts about the machine that some Postfix defaults are computed from: the host name (<c>myhostname</c>,
/// <c>mydomain</c>), the interface addresses (<c>mynetworks</c>) and the process id (<c>process_id</c>).
/// </summary>
public sealed class PostfixHost
{
    private readonly Lazy<IReadOnlyList<HostAddress>> addressList;

    /// <summary>Creates a description of a host (for tests, or to evaluate another machine's configuration).</summary>
    /// <param name="hostName">What <c>gethostname()</c> returns.</param>
    /// <param name="addresses">The addresses of the interfaces that are up, IPv4 before IPv6 as Linux lists them.</param>
    /// <param name="processId">The process id to report as <c>process_id</c>.</param>
    public PostfixHost(string hostName, IReadOnlyList<HostAddress> addresses, int processId)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(addresses);
        HostName = hostName;
        addressList = new Lazy<IReadOnlyList<HostAddress>>(() => addresses);
        ProcessId = processId;
    }

    /// <summary>This machine: the interface addresses are read only when something asks for them (mynetworks).</summary>
    private PostfixHost(string hostName, Func<IReadOnlyList<HostAddress>> addresses, int processId)
    {
        HostName = hostName;
        addressList = new Lazy<IReadOnlyList<HostAddress>>(addresses);
        ProcessId = processId;
    }

    /// <summary>This machine and process, read when first used.</summary>
    public static PostfixHost Current => CurrentHost.Value;

    private static readonly Lazy<PostfixHost> CurrentHost = new(ReadCurrent);

    /// <summary>The host name as <c>gethostname()</c> returns it (not truncated at the first dot).</summary>
    public string HostName { get; }

    /// <summary>The interface addresses, in the order Postfix's <c>inet_addr_local()</c> finds them.</summary>
    public IReadOnlyList<HostAddress> Addresses => addressList.Value;

    /// <summary>The process id.</summary>
    public int ProcessId { get; }

    private static PostfixHost ReadCurrent() => new(Dns.GetHostName(), ReadAddresses, Environment.ProcessId);

    private static IReadOnlyList<HostAddress> ReadAddresses()
    {
        var v4 = new List<HostAddress>();
        var v6 = new List<HostAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus == OperationalStatus.Down)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    v4.Add(new HostAddress(address, unicast.PrefixLength));
                }
                else if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    v6.Add(new HostAddress(new IPAddress(address.GetAddressBytes()), unicast.PrefixLength));
                }
            }
        }

        return [.. v4, .. v6];
    }
}
