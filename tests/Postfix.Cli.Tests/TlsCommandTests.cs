using System.Diagnostics;
using System.IO.Abstractions.TestingHelpers;
using Postfix.Testing;

namespace Postfix.Cli.Tests;

public sealed class TlsCommandTests
{
    [Fact]
    public async Task Probe_WrapperModeOpenSslServer_PrintsFingerprintsAndChain()
    {
        RealPostfix.Require("openssl");
        var port = PostfixSandbox.FreePort();
        var data = Path.Combine(AppContext.BaseDirectory, "TestData", "tls");
        var psi = new ProcessStartInfo(Tool.Find("openssl")!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "s_server", "-quiet", "-naccept", "3", "-accept", $"127.0.0.1:{port}", "-cert", Path.Combine(data, "rsaee-cert.pem"), "-key", Path.Combine(data, "rsaee-pkey.pem") })
        {
            psi.ArgumentList.Add(a);
        }

        // Three accepts: one for the readiness check, two for the probes.
        using var second = Process.Start(psi)!;
        try
        {
            for (var i = 0; i < 100 && !PostfixSandbox.IsListening(port); i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            var (code, output, error) = await FingerprintCommandTests.RunAsync(new MockFileSystem(), "tls", "probe", "-w", "-d", "sha1", "--timeout", "10", $"[127.0.0.1]:{port}");
            Assert.True(code == 0, error);
            var lines = output.Split('\n');
            Assert.Equal($"127.0.0.1[127.0.0.1]:{port}: subject_CN=mx1.example.com, issuer_CN=RSA issuer CA, fingerprint=BA:B9:4C:54:67:90:89:3D:CB:F5:DB:42:B5:BB:69:00:3B:D3:99:33, pkey_fingerprint=AD:19:D0:4D:05:B7:16:9D:E5:4A:BB:B3:26:9E:6D:E9:30:C2:62:C5", lines[0]);
            Assert.Matches($@"^TLS connection established to 127\.0\.0\.1\[127\.0\.0\.1\]:{port}: TLSv1\.3 with cipher TLS_\S+ \(\d+/\d+ bits\) key-exchange \S+ server-signature RSA-PSS \(\d+ bits\)$", lines[1]);
            Assert.Equal("Certificate chain", lines[2]);
            Assert.Equal(" 0 subject: /CN=mx1.example.com", lines[3]);
            Assert.Equal("    issuer: /CN=RSA issuer CA", lines[4]);
            Assert.Equal("   cert digest=BA:B9:4C:54:67:90:89:3D:CB:F5:DB:42:B5:BB:69:00:3B:D3:99:33", lines[6]);

            // No --digest: the digest main.cf's compatibility_level implies (md5 below 3.6).
            var fs = new MockFileSystem(new Dictionary<string, MockFileData> { ["/etc/pf/main.cf"] = new("compatibility_level = 3.5\n") });
            (code, output, error) = await FingerprintCommandTests.RunAsync(fs, "tls", "probe", "-w", "-c", "/etc/pf", "--timeout", "10", $"[127.0.0.1]:{port}");
            Assert.True(code == 0, error);
            var leaf = Crypto.Fingerprints.TlsMaterialReader.Read(await File.ReadAllBytesAsync(Path.Combine(data, "rsaee-cert.pem"), TestContext.Current.CancellationToken), "leaf")[0];
            Assert.EndsWith($", pkey_fingerprint={leaf.PublicKeyFingerprint(Crypto.Fingerprints.FingerprintDigest.Md5)}", output.Split('\n')[0]);
        }
        finally
        {
            if (!second.HasExited)
            {
                second.Kill();
            }
        }
    }

    [Fact]
    public async Task Probe_NothingListening_ExitsOneWithMessage()
    {
        var port = PostfixSandbox.FreePort();
        var (code, _, error) = await FingerprintCommandTests.RunAsync(new MockFileSystem(), "tls", "probe", $"127.0.0.1:{port}");
        Assert.Equal(1, code);
        Assert.StartsWith($"postfix-net tls probe: 127.0.0.1:{port}: ", error);
    }

    [Theory]
    [InlineData("postfix-net tls: expected 'probe' (see postfix-net tls --help)", "tls")]
    [InlineData("postfix-net tls probe: expected one HOST[:PORT]", "tls", "probe")]
    [InlineData("postfix-net tls probe: destination \"[x\": missing ']'", "tls", "probe", "[x")]
    [InlineData("postfix-net tls probe: destination \"x:99999\": bad port \"99999\"", "tls", "probe", "x:99999")]
    [InlineData("postfix-net tls probe: bad timeout \"0\" (1-3600 seconds)", "tls", "probe", "--timeout", "0", "x:25")]
    public async Task Probe_UsageError_ExitsTwo(string message, params string[] args)
    {
        var (code, _, error) = await FingerprintCommandTests.RunAsync(new MockFileSystem(), args);
        Assert.Equal(2, code);
        Assert.Equal(message + "\n", error);
    }
}
