using Postfix.Crypto.Tests.Fingerprints;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Probe;

/// <summary>
/// A private real Postfix whose smtpd offers STARTTLS with a two-certificate chain (leaf signed by a test CA), plus a
/// wrapper-mode (smtps) service on a second loopback port.
/// </summary>
public sealed class TlsServerFixture : IAsyncLifetime
{
    public PostfixSandbox? Sandbox { get; private set; }

    public int WrapperPort { get; } = PostfixSandbox.FreePort();

    /// <summary>A "partner MTA" smtpd (greets as partner.test, rejects every recipient) for the SMTP client's TLS policy.</summary>
    public int PartnerPort { get; } = PostfixSandbox.FreePort();

    /// <summary>An smtpd limited to TLS 1.2 (for the cipher-name deviation).</summary>
    public int Tls12Port { get; } = PostfixSandbox.FreePort();

    /// <summary>An smtpd with an EC P-384 certificate that offers only the P-256 group (TLS 1.3 HelloRetryRequest).</summary>
    public int EcPort { get; } = PostfixSandbox.FreePort();

    public string PolicyFile => Path.Combine(CertificateDirectory, "tls_policy");

    public string CertificateDirectory { get; } = Path.Combine(Path.GetTempPath(), "pfnet-tlssrv-" + Guid.NewGuid().ToString("N")[..12]);

    public string ChainFile => Path.Combine(CertificateDirectory, "chain.pem");

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var missing = new[] { "postfix", "postconf", "posttls-finger", "openssl" }.Where(p => Tool.Find(p) is null).ToList();
        if (missing.Count > 0)
        {
            SkipReason = "not installed: " + string.Join(", ", missing);
            return;
        }

        Directory.CreateDirectory(CertificateDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(CertificateDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        string F(string name) => Path.Combine(CertificateDirectory, name);
        await OpenSslKeySet.OpenSslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", F("ca.key"), "-out", F("ca.pem"), "-subj", "/O=Test CA Org/CN=Test Root CA", "-days", "30");
        await OpenSslKeySet.OpenSslAsync("req", "-newkey", "rsa:2048", "-nodes", "-keyout", F("leaf.key"), "-out", F("leaf.csr"), "-subj", "/C=DE/O=Partner/CN=partner.test");
        await OpenSslKeySet.OpenSslAsync("x509", "-req", "-in", F("leaf.csr"), "-CA", F("ca.pem"), "-CAkey", F("ca.key"), "-set_serial", "4242", "-out", F("leaf.pem"), "-days", "30");
        var chain = (await File.ReadAllTextAsync(F("leaf.key"))) + (await File.ReadAllTextAsync(F("leaf.pem"))) + (await File.ReadAllTextAsync(F("ca.pem")));
        await File.WriteAllTextAsync(ChainFile, chain);
        await OpenSslKeySet.OpenSslAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout", F("ecleaf.key"), "-out", F("ecleaf.csr"), "-subj", "/O=Partner/CN=ec.partner.test");
        await OpenSslKeySet.OpenSslAsync("x509", "-req", "-in", F("ecleaf.csr"), "-CA", F("ca.pem"), "-CAkey", F("ca.key"), "-set_serial", "4343", "-out", F("ecleaf.pem"), "-days", "30");
        var ecChain = (await File.ReadAllTextAsync(F("ecleaf.key"))) + (await File.ReadAllTextAsync(F("ecleaf.pem"))) + (await File.ReadAllTextAsync(F("ca.pem")));
        await File.WriteAllTextAsync(F("ecchain.pem"), ecChain);

        Sandbox = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions
        {
            MainCf =
            {
                ["smtpd_tls_chain_files"] = ChainFile,
                ["smtpd_tls_security_level"] = "may",
                ["smtpd_tls_loglevel"] = "1",
                ["smtp_tls_loglevel"] = "1",
            },
        });
        await Sandbox.PostconfCheckedAsync("-M", $"127.0.0.1:{WrapperPort}/inet = 127.0.0.1:{WrapperPort} inet n - n - - smtpd -o smtpd_tls_wrappermode=yes");
        await Sandbox.PostconfCheckedAsync("-M", $"127.0.0.1:{PartnerPort}/inet = 127.0.0.1:{PartnerPort} inet n - n - - smtpd -o myhostname=partner.test -o smtpd_recipient_restrictions=reject");
        await Sandbox.PostconfCheckedAsync("-M", $"127.0.0.1:{Tls12Port}/inet = 127.0.0.1:{Tls12Port} inet n - n - - smtpd -o smtpd_tls_protocols=!SSLv2,!SSLv3,!TLSv1,!TLSv1.1,!TLSv1.3");
        await Sandbox.PostconfCheckedAsync("-M", $"127.0.0.1:{EcPort}/inet = 127.0.0.1:{EcPort} inet n - n - - smtpd -o smtpd_tls_chain_files={F("ecchain.pem")} -o tls_eecdh_auto_curves=prime256v1");
        await File.WriteAllTextAsync(PolicyFile, string.Empty);
        RealPostfix.Age(PolicyFile);
        await Sandbox.PostconfCheckedAsync("-e", $"smtp_tls_policy_maps = texthash:{PolicyFile}", "smtp_tls_security_level = may");
        await Sandbox.WriteTransportAsync($"good.test smtp:[127.0.0.1]:{PartnerPort}\nwrong.test smtp:[localhost]:{PartnerPort}\n");
        await Sandbox.StartAsync();
        for (var i = 0; i < 100 && !(PostfixSandbox.IsListening(Sandbox.SmtpPort) && PostfixSandbox.IsListening(WrapperPort) && PostfixSandbox.IsListening(PartnerPort) && PostfixSandbox.IsListening(Tls12Port) && PostfixSandbox.IsListening(EcPort)); i++)
        {
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        if (Directory.Exists(CertificateDirectory))
        {
            Directory.Delete(CertificateDirectory, recursive: true);
        }
    }

    /// <summary>Skips (or fails under CI) when the real programs are missing.</summary>
    public PostfixSandbox Require()
    {
        if (SkipReason is not null)
        {
            RealPostfix.Require("postfix", "postconf", "posttls-finger", "openssl");
        }

        return Sandbox!;
    }
}
