using System.Globalization;
using Postfix.Crypto.Fingerprints;
using Postfix.Crypto.Probe;

namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net tls probe</c>: what <c>posttls-finger -c -C</c> reports about a server's certificates.</summary>
internal sealed class TlsCommand : ICommand
{
    private const string Program = "postfix-net tls";

    public string Name => "tls";

    public string Summary => "TLS tools: probe a server's certificate chain over STARTTLS";

    public string Usage => """
        Usage: postfix-net tls probe [options] HOST[:PORT]

        Connects (SMTP STARTTLS, or TLS at once with --wrapper), collects the server's certificate chain without
        trusting it and prints, like posttls-finger -c -C:
          host[addr]:port: subject_CN=..., issuer_CN=..., fingerprint=HEX, pkey_fingerprint=HEX
          TLS connection established to host[addr]:port: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
        then each certificate's subject, issuer, validity and digests.
        HOST may be written [HOST]:PORT or [ipv6:ADDR]:PORT; the port defaults to 25.

        Options:
          -d, --digest NAME            md5, sha1, sha224, sha256, sha384 or sha512 (default: main.cf's
                                       smtp_tls_fingerprint_digest, as posttls-finger; sha256 without main.cf)
          -c, --config DIR             Postfix configuration directory (default: $MAIL_CONFIG, else
                                       /etc/postfix when it has a main.cf)
          --compatibility-level LEVEL  override main.cf's compatibility_level (md5 below 3.6, sha256 from 3.6)
          -w, --wrapper                wrapper mode (smtps, port 465)
          --helo NAME                  EHLO name (default localhost)
          --servername NAME            send SNI
          --timeout SECONDS            connect, reply and handshake timeout (default 30)

        """;

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "probe")
        {
            throw new UsageException($"{Program}: expected 'probe' (see postfix-net tls --help)");
        }

        var (options, operands) = new LongOptions(Program + " probe")
            .Add("digest", true, "-d")
            .Add("compatibility-level", true)
            .Add("config", true, "-c")
            .Add("wrapper", false, "-w")
            .Add("helo", true)
            .Add("servername", true)
            .Add("timeout", true)
            .Parse([.. args.Skip(1)]);
        if (operands.Count != 1)
        {
            throw new UsageException($"{Program} probe: expected one HOST[:PORT]");
        }

        string? Last(string name) => options.LastOrDefault(o => o.Name == name).Value;
        TlsDigestSetting.CheckOptions($"{Program} probe", Last("digest"), Last("compatibility-level"));
        TlsProbeOptions probe;
        try
        {
            var wrapper = options.Any(o => o.Name == "wrapper");
            var destination = TlsProbeOptions.FromDestination(operands[0], wrapper ? 465 : 25);
            var timeout = TimeSpan.FromSeconds(30);
            if (Last("timeout") is { } seconds)
            {
                if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s is < 1 or > 3600)
                {
                    throw new UsageException($"{Program} probe: bad timeout \"{seconds}\" (1-3600 seconds)");
                }

                timeout = TimeSpan.FromSeconds(s);
            }

            probe = new TlsProbeOptions(destination.Host, destination.Port)
            {
                Mode = wrapper ? TlsProbeMode.Wrapper : TlsProbeMode.StartTls,
                HeloName = Last("helo") ?? "localhost",
                ServerName = Last("servername"),
                ConnectTimeout = timeout,
                CommandTimeout = timeout,
                HandshakeTimeout = timeout,
            };
        }
        catch (FormatException e)
        {
            throw new UsageException($"{Program} probe: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{Program} probe: {FingerprintCommand.Plain(e)}");
        }

        var digest = await TlsDigestSetting.ResolveAsync(context, Last("digest"), Last("compatibility-level"), Last("config"), TlsDigestSetting.ClientParameter);
        TlsProbeResult result;
        try
        {
            result = await TlsProbe.ProbeAsync(probe, context.CancellationToken);
        }
        catch (TlsProbeException e)
        {
            await context.Error.WriteLineAsync($"{Program} probe: {e.Message}");
            return 1;
        }

        var leaf = result.Chain[0];
        await context.Out.WriteLineAsync(
            $"{result.PeerName}: subject_CN={leaf.SubjectCommonName}, issuer_CN={leaf.IssuerCommonName}, fingerprint={leaf.CertificateFingerprint(digest)}, pkey_fingerprint={leaf.PublicKeyFingerprint(digest)}");
        await context.Out.WriteLineAsync($"TLS connection established to {result.PeerName}: {result.ConnectionSummary}");
        await context.Out.WriteLineAsync("Certificate chain");
        for (var i = 0; i < result.Chain.Count; i++)
        {
            var c = result.Chain[i];
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{i,2} subject: {c.Subject}"));
            await context.Out.WriteLineAsync($"    issuer: {c.Issuer}");
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"   not before={c.NotBefore:yyyy-MM-dd HH:mm:ss}Z, not after={c.NotAfter:yyyy-MM-dd HH:mm:ss}Z, key={c.KeyDescription}"));
            await context.Out.WriteLineAsync($"   cert digest={c.CertificateFingerprint(digest)}");
            await context.Out.WriteLineAsync($"   pkey digest={c.PublicKeyFingerprint(digest)}");
        }

        return 0;
    }
}
