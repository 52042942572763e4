using System.Net;
using System.Net.Sockets;
using System.Text;
using Postfix.Crypto.Probe;

namespace Postfix.Crypto.Tests.Probe;

/// <summary>The SMTP side of the probe against scripted loopback servers: refusals, timeouts, cancellation, injection.</summary>
public sealed class ProbeDialogueTests
{
    private static async Task<(int Port, Task Server)> ServeAsync(Func<NetworkStream, StreamReader, Task> script)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await script(stream, reader);
            }
            catch (IOException)
            {
            }
            finally
            {
                listener.Stop();
            }
        });
        await Task.Yield();
        return (port, server);
    }

    private static Task Send(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    [Fact]
    public async Task ProbeAsync_NoStartTlsOffered_Throws()
    {
        var (port, server) = await ServeAsync(async (s, r) =>
        {
            await Send(s, "220 x ESMTP\r\n");
            Assert.Equal("EHLO probe.example", await r.ReadLineAsync());
            await Send(s, "250-x\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
            await r.ReadLineAsync();
        });
        var e = await Assert.ThrowsAsync<TlsProbeException>(() => TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", port) { HeloName = "probe.example" }, TestContext.Current.CancellationToken));
        Assert.Equal($"127.0.0.1[127.0.0.1]:{port}: server does not offer STARTTLS", e.Message);
        await server;
    }

    [Fact]
    public async Task ProbeAsync_StartTlsRefused_ThrowsWithReply()
    {
        var (port, server) = await ServeAsync(async (s, r) =>
        {
            await Send(s, "220-x ESMTP\r\n220 second line\r\n");
            await r.ReadLineAsync();
            await Send(s, "250-x\r\n250 STARTTLS\r\n");
            Assert.Equal("STARTTLS", await r.ReadLineAsync());
            await Send(s, "454 4.7.0 TLS not available due to local problem\r\n");
            await r.ReadLineAsync();
        });
        var e = await Assert.ThrowsAsync<TlsProbeException>(() => TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", port), TestContext.Current.CancellationToken));
        Assert.Equal($"127.0.0.1[127.0.0.1]:{port}: unexpected reply to STARTTLS: 454 4.7.0 TLS not available due to local problem", e.Message);
        await server;
    }

    [Fact]
    public async Task ProbeAsync_DataAfterStartTlsReply_RefusesInjection()
    {
        var (port, server) = await ServeAsync(async (s, r) =>
        {
            await Send(s, "220 x\r\n");
            await r.ReadLineAsync();
            await Send(s, "250-x\r\n250 STARTTLS\r\n");
            await r.ReadLineAsync();
            await Send(s, "220 go ahead\r\n250 injected\r\n");
            await r.ReadLineAsync();
        });
        var e = await Assert.ThrowsAsync<TlsProbeException>(() => TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", port), TestContext.Current.CancellationToken));
        Assert.Contains("sent data after its STARTTLS reply", e.Message);
        await server;
    }

    [Fact]
    public async Task ProbeAsync_SilentServer_TimesOut()
    {
        var release = new TaskCompletionSource();
        var (port, server) = await ServeAsync(async (_, _) => await release.Task);
        var e = await Assert.ThrowsAsync<TlsProbeException>(() => TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", port) { CommandTimeout = TimeSpan.FromMilliseconds(300) }, TestContext.Current.CancellationToken));
        Assert.Equal($"127.0.0.1[127.0.0.1]:{port}: timeout waiting for the greeting reply", e.Message);
        release.SetResult();
        await server;
    }

    [Fact]
    public async Task ProbeAsync_Cancelled_ThrowsOperationCanceled()
    {
        var release = new TaskCompletionSource();
        var (port, server) = await ServeAsync(async (_, _) => await release.Task);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(200);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", port), cancel.Token));
        release.SetResult();
        await server;
    }

    [Fact]
    public async Task ProbeAsync_GarbageReply_Throws()
    {
        var (port, server) = await ServeAsync(async (s, r) =>
        {
            await Send(s, "HELLO THERE\r\n");
            await r.ReadLineAsync();
        });
        var e = await Assert.ThrowsAsync<TlsProbeException>(() => TlsProbe.ProbeAsync(new TlsProbeOptions("127.0.0.1", port), TestContext.Current.CancellationToken));
        Assert.Equal($"127.0.0.1[127.0.0.1]:{port}: malformed reply to greeting: not an SMTP reply line: \"HELLO THERE\"", e.Message);
        await server;
    }

    [Theory]
    [InlineData("[127.0.0.1]:2525", "127.0.0.1", 2525)]
    [InlineData("mx.example.com", "mx.example.com", 25)]
    [InlineData("mx.example.com:587", "mx.example.com", 587)]
    [InlineData("[ipv6:::1]:25", "::1", 25)]
    [InlineData("[mx.example.com]", "mx.example.com", 25)]
    public void FromDestination_PosttlsFingerForms(string text, string host, int port)
    {
        var options = TlsProbeOptions.FromDestination(text);
        Assert.Equal(host, options.Host);
        Assert.Equal(port, options.Port);
    }
}
