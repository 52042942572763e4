using System.Text;
using Postfix.Crypto.Dh;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>A real private Postfix loads our parameter files: a DHE handshake shows their size, and smtpd logs no DH warning.</summary>
public sealed class PostfixDhIntegrationTests
{
    [Fact]
    public async Task Smtpd_LoadsGeneratedFile_DheHandshakeUsesIt()
    {
        RealPostfix.Require("postconf", "postfix", "openssl");
        var dh2048 = DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 2048, Seed = Encoding.ASCII.GetBytes("postfix-net dh tests") }, null, TestContext.Current.CancellationToken);
        var dh1024 = DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 1024 }, null, TestContext.Current.CancellationToken);

        var tls = Directory.CreateTempSubdirectory("pfnet-dh-tls");
        try
        {
            var key = Path.Combine(tls.FullName, "key.pem");
            var cert = Path.Combine(tls.FullName, "cert.pem");
            var dhFile = Path.Combine(tls.FullName, "dh.pem");
            var req = await Tool.RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=pftest.test"]);
            Assert.True(req.ExitCode == 0, req.ToString());
            await File.WriteAllBytesAsync(dhFile, dh2048.ToPemBytes(), TestContext.Current.CancellationToken);
            File.SetUnixFileMode(tls.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

            await using var pf = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions
            {
                MainCf =
                {
                    ["smtpd_tls_security_level"] = "may",
                    ["smtpd_tls_cert_file"] = cert,
                    ["smtpd_tls_key_file"] = key,
                    ["smtpd_tls_dh1024_param_file"] = dhFile,
                    ["smtpd_tls_loglevel"] = "1",
                },
            });
            await pf.StartAsync();

            var first = await HandshakeAsync(pf.SmtpPort);
            Assert.Contains("Server Temp Key: DH, 2048 bits", first, StringComparison.Ordinal);
            Assert.True(await pf.WaitForLogAsync("TLS connection established from", TimeSpan.FromSeconds(30)));

            // Contrast: our 1024-bit file, swapped in atomically, is what the next smtpd uses.
            var tmp = dhFile + ".tmp";
            await File.WriteAllBytesAsync(tmp, dh1024.ToPemBytes(), TestContext.Current.CancellationToken);
            File.Move(tmp, dhFile, overwrite: true);
            await pf.ReloadAsync();
            string second = string.Empty;
            for (var attempt = 0; attempt < 20 && !second.Contains("DH, 1024 bits", StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
                second = await HandshakeAsync(pf.SmtpPort);
            }

            Assert.Contains("Server Temp Key: DH, 1024 bits", second, StringComparison.Ordinal);

            var log = await pf.ReadLogAsync();
            Assert.DoesNotContain("DH param", log, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("compiled-in", log, StringComparison.Ordinal);
            Assert.Contains("DHE-RSA-AES256-GCM-SHA384", log, StringComparison.Ordinal);
            await pf.StopAsync();
        }
        finally
        {
            tls.Delete(true);
        }
    }

    private static async Task<string> HandshakeAsync(int port)
    {
        var r = await Tool.RunAsync(
            "openssl",
            ["s_client", "-starttls", "smtp", "-connect", $"127.0.0.1:{port}", "-tls1_2", "-cipher", "DHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0"],
            Encoding.ASCII.GetBytes("QUIT\r\n"),
            timeout: TimeSpan.FromSeconds(60));
        return r.StdoutText + r.StderrText;
    }
}
