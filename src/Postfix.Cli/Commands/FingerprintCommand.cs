using System.Globalization;
using Postfix.Crypto.Fingerprints;
using Postfix.Crypto.Policy;
using Postfix.Crypto.Tlsa;

namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net fingerprint</c>: Postfix fingerprints of certificate and key files, policy lines and TLSA records.</summary>
internal sealed class FingerprintCommand : ICommand
{
    private const string Program = "postfix-net fingerprint";

    public string Name => "fingerprint";

    public string Summary => "TLS certificate and public-key fingerprints, policy lines and TLSA records";

    public string Usage => """
        Usage: postfix-net fingerprint [options] FILE...

        Prints, for every certificate and key in each FILE (PEM or DER; "-" is standard input), the fingerprints
        Postfix computes, with the names posttls-finger uses:
          FILE[N]: subject_CN=..., issuer_CN=..., fingerprint=HEX, pkey_fingerprint=HEX
          FILE[N]: RSA 2048 private key, pkey_fingerprint=HEX

        Options:
          -d, --digest NAME            md5, sha1, sha224, sha256, sha384 or sha512 (default: what Postfix uses,
                                       see below)
          -c, --config DIR             Postfix configuration directory whose main.cf sets the default digest
                                       (default: $MAIL_CONFIG, else /etc/postfix when it has a main.cf)
          --compatibility-level LEVEL  override main.cf's compatibility_level: md5 below 3.6, sha256 from 3.6 on
          --legacy                     also print legacy_pkey_fingerprint= (Postfix 2.9.0-2.9.5 public-key digest)
          --policy DEST                print an smtp_tls_policy_maps line pinning DEST (e.g. [mx.example.com]:25)
                                       to the public keys of the files' first certificates (or keys)
          --tlsa                       print DNS TLSA records in zone-file form (default types 311,201)
          --tlsa-types LIST            TLSA types to print, e.g. 311,312,301,201 (usage 3 = the first
                                       certificate or key of each file, usage 2 = the other certificates)
          --host NAME                  TLSA owner host (default: from --policy, else the subject CN)
          --port N                     TLSA owner port (default 25)
          --ccert ACTION               print check_ccert_access lines (FINGERPRINT ACTION, e.g. OK) for the
                                       public keys of the files' first certificates (or keys); the default digest
                                       is then smtpd_tls_fingerprint_digest's

        Default digest: smtp_tls_fingerprint_digest (smtpd_tls_fingerprint_digest with --ccert) of main.cf,
        expanded like postconf -x: md5 below compatibility_level 3.6, sha256 from 3.6 on. Without a main.cf:
        sha256, or the default of --compatibility-level.

        """;

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var (options, files) = new LongOptions(Program)
            .Add("digest", true, "-d")
            .Add("compatibility-level", true)
            .Add("config", true, "-c")
            .Add("ccert", true)
            .Add("legacy", false)
            .Add("policy", true)
            .Add("tlsa", false)
            .Add("tlsa-types", true)
            .Add("host", true)
            .Add("port", true)
            .Parse(args);
        if (files.Count == 0)
        {
            throw new UsageException($"{Program}: no FILE given (see --help)");
        }

        string? Last(string name) => options.LastOrDefault(o => o.Name == name).Value;
        bool Has(string name) => options.Any(o => o.Name == name);

        var ccert = Last("ccert");
        if (ccert is not null && Has("policy"))
        {
            throw new UsageException($"{Program}: --policy (smtp_tls_fingerprint_digest) and --ccert (smtpd_tls_fingerprint_digest) cannot be combined: run twice");
        }

        TlsDigestSetting.CheckOptions(Program, Last("digest"), Last("compatibility-level"));
        var digest = await TlsDigestSetting.ResolveAsync(
            context,
            Last("digest"),
            Last("compatibility-level"),
            Last("config"),
            ccert is null ? TlsDigestSetting.ClientParameter : TlsDigestSetting.ServerParameter);

        var tlsaTypes = ParseTlsaTypes(Last("tlsa-types") ?? "311,201");
        var port = 25;
        if (Last("port") is { } portText && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new UsageException($"{Program}: bad port \"{portText}\"");
        }

        var policy = Last("policy");
        var legacy = Has("legacy");
        var tlsa = Has("tlsa") || Has("tlsa-types");
        var failed = false;
        var pins = new List<Fingerprint>();
        var records = new List<(TlsMaterial Material, TlsaRecord Record)>();
        foreach (var file in files)
        {
            IReadOnlyList<TlsMaterial> items;
            byte[] bytes;
            try
            {
                bytes = file == "-" ? await ReadAllAsync(context.StdinStream, context.CancellationToken) : context.FileSystem.File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // ArgumentException: a path the file system cannot name (found by the CLI argument property test).
                await context.Error.WriteLineAsync($"{Program}: {file}: {e.Message}");
                failed = true;
                continue;
            }

            try
            {
                items = TlsMaterialReader.Read(bytes, file);
            }
            catch (TlsMaterialFormatException e)
            {
                await context.Error.WriteLineAsync($"{Program}: {e.Message}");
                failed = true;
                continue;
            }

            foreach (var item in items)
            {
                await context.Out.WriteLineAsync(Describe(item, digest, legacy));
            }

            var firstCertificate = items.FirstOrDefault(i => i.Kind == TlsMaterialKind.Certificate);
            var leaves = firstCertificate is null ? items : [firstCertificate];
            pins.AddRange(leaves.Select(l => l.PublicKeyFingerprint(digest)));
            foreach (var (usage, selector, matching) in tlsaTypes)
            {
                var subjects = usage == TlsaUsage.DaneTa
                    ? items.Where(i => i.Kind == TlsMaterialKind.Certificate && i != firstCertificate)
                    : leaves.Where(l => selector == TlsaSelector.SubjectPublicKeyInfo || l.Kind == TlsMaterialKind.Certificate);
                records.AddRange(subjects.Select(s => (s, TlsaRecord.Create(s, usage, selector, matching))));
            }
        }

        if (policy is not null && pins.Count > 0)
        {
            try
            {
                await context.Out.WriteLineAsync(FingerprintPolicy.CreateEntry(policy, pins).ToLine());
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{Program}: --policy \"{policy}\": {Plain(e)}");
            }
        }

        if (ccert is not null)
        {
            foreach (var pin in pins)
            {
                try
                {
                    await context.Out.WriteLineAsync(ClientCertificateTable.AccessLine(pin, ccert));
                }
                catch (ArgumentException e)
                {
                    throw new UsageException($"{Program}: --ccert \"{ccert}\": {Plain(e)}");
                }
            }
        }

        if (tlsa && records.Count > 0)
        {
            var host = Last("host") ?? HostOf(policy) ?? records.Select(r => r.Material.SubjectCommonName).FirstOrDefault(n => !string.IsNullOrEmpty(n))
                ?? throw new UsageException($"{Program}: --tlsa needs --host NAME (no certificate subject CN to use)");
            string owner;
            try
            {
                owner = TlsaRecord.OwnerName(host, port);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{Program}: --host \"{host}\": {Plain(e)}");
            }

            foreach (var (_, record) in records.DistinctBy(r => r.Record.ToString()))
            {
                await context.Out.WriteLineAsync(record.ToZoneFileLine(owner));
            }
        }

        return failed ? 1 : 0;
    }

    internal static string Describe(TlsMaterial item, FingerprintDigest digest, bool legacy)
    {
        var prefix = $"{item.SourceName}[{item.Index}]: ";
        var text = item.Kind switch
        {
            TlsMaterialKind.Certificate =>
                $"subject_CN={item.SubjectCommonName}, issuer_CN={item.IssuerCommonName}, fingerprint={item.CertificateFingerprint(digest)}, pkey_fingerprint={item.PublicKeyFingerprint(digest)}",
            TlsMaterialKind.PrivateKey => $"{item.KeyDescription} private key, pkey_fingerprint={item.PublicKeyFingerprint(digest)}",
            _ => $"{item.KeyDescription} public key, pkey_fingerprint={item.PublicKeyFingerprint(digest)}",
        };
        return prefix + text + (legacy ? $", legacy_pkey_fingerprint={item.LegacyPublicKeyFingerprint(digest)}" : string.Empty);
    }

    // An ArgumentException's message without the " (Parameter 'x')" suffix.
    internal static string Plain(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static List<(TlsaUsage, TlsaSelector, TlsaMatchingType)> ParseTlsaTypes(string text)
    {
        var result = new List<(TlsaUsage, TlsaSelector, TlsaMatchingType)>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var spec = raw.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (spec.Length != 3 || spec[0] is not ('2' or '3') || spec[1] is not ('0' or '1') || spec[2] is not ('0' or '1' or '2'))
            {
                throw new UsageException($"{Program}: bad TLSA type \"{raw}\" (usage 2 or 3, selector 0 or 1, matching type 0, 1 or 2, e.g. 311)");
            }

            result.Add(((TlsaUsage)(spec[0] - '0'), (TlsaSelector)(spec[1] - '0'), (TlsaMatchingType)(spec[2] - '0')));
        }

        return result;
    }

    private static string? HostOf(string? destination)
    {
        if (destination is null)
        {
            return null;
        }

        var host = destination.StartsWith('[') && destination.IndexOf(']', StringComparison.Ordinal) is var close and > 0
            ? destination[1..close]
            : destination.Split(':')[0];
        return host.Length == 0 || System.Net.IPAddress.TryParse(host, out _) || host.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase) ? null : host;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
