using System.Net;
using System.Net.Sockets;
using System.Text;
using Postfix.Config.IO;
using Postfix.Config.MasterCf;
using Postfix.Testing;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>
/// The "force IPv4 or IPv6 for one domain" recipe end to end on a real Postfix instance: smtp-ipv4 and smtp-ipv6 are
/// added to master.cf through the library and saved atomically, <c>postfix check</c> and <c>postfix start</c> accept
/// them, and mail routed by the transport map to <c>smtp-ipv6:[::1]:9</c> and <c>smtp-ipv4:[127.0.0.1]:9</c> (dead
/// ports) is deferred with a reason that names the address family the clone was forced to use.
/// </summary>
public sealed class SmtpProtocolTransportSandboxTests
{
    [Fact]
    public async Task EnsureSmtpProtocolTransport_RealPostfix_RoutesEachDomainOverItsFamily()
    {
        RealPostfix.Require("postfix", "postconf", "postqueue", "sendmail");
        if (!HasIpv6Loopback())
        {
            Assert.Skip("this machine has no IPv6 loopback (cannot bind [::1]); the smtp-ipv6 delivery cannot be tried");
        }

        await using var pf = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions
        {
            Transport = "v6.test smtp-ipv6:[::1]:9\nv4.test smtp-ipv4:[127.0.0.1]:9\n",
        });
        var path = Path.Combine(pf.ConfigDirectory, "master.cf");
        var store = new ConfigFileStore();
        var loaded = await store.LoadAsync(path);
        var document = MasterCfDocument.Parse(loaded.Content.Span, new() { SourceName = path });
        document = MasterCfRecipes.EnsureSmtpProtocolTransport(document, InetProtocolFamily.IPv6);
        document = MasterCfRecipes.EnsureSmtpProtocolTransport(document, InetProtocolFamily.IPv4);
        Assert.Equal(document.ToBytes(), MasterCfRecipes.EnsureSmtpProtocolTransport(document, InetProtocolFamily.IPv6).ToBytes());
        await store.SaveAsync(path, document.ToBytes(), loaded.Stamp);
        RealPostfix.Age(path);

        var services = await pf.PostconfAsync("-P", "smtp-ipv6/unix/inet_protocols", "smtp-ipv4/unix/inet_protocols");
        Assert.Equal("smtp-ipv6/unix/inet_protocols = ipv6\nsmtp-ipv4/unix/inet_protocols = ipv4\n", services.StdoutText);
        var check = await pf.PostfixAsync("check");
        Assert.True(check.ExitCode == 0, check.ToString());

        await pf.StartAsync();
        await pf.SendMailAsync("alice@pftest.test", ["bob@v6.test"]);
        await pf.SendMailAsync("alice@pftest.test", ["carol@v4.test"]);
        await pf.WaitForQueueSettledAsync();

        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in await pf.QueueJsonAsync())
        {
            Assert.Equal("deferred", message.RootElement.GetProperty("queue_name").GetString());
            foreach (var recipient in message.RootElement.GetProperty("recipients").EnumerateArray())
            {
                reasons[recipient.GetProperty("address").GetString()!] = recipient.GetProperty("delay_reason").GetString() ?? string.Empty;
            }
        }

        var log = await pf.ReadLogAsync();
        Assert.True(reasons.Count == 2, log);
        Assert.Contains("[::1]:9", reasons["bob@v6.test"], StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", reasons["bob@v6.test"], StringComparison.Ordinal);
        Assert.Contains("127.0.0.1[127.0.0.1]:9", reasons["carol@v4.test"], StringComparison.Ordinal);
    }

    private static bool HasIpv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
