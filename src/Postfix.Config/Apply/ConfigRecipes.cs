using System.Net.NetworkInformation;
using System.Net.Sockets;
using Postfix.Config.Catalog;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Regexp;
using Postfix.Config.Tables.Typed;

namespace Postfix.Config.Apply;

/// <summary>
/// The how-tos as change-set edits. Each stages its main.cf, master.cf and table edits on a <see cref="ChangeSet"/>;
/// the commit then builds the tables and reloads. Each is idempotent: staged on a configuration that already has it,
/// it changes no byte. Material from the other libraries (DH parameters, fingerprints) comes in as arguments.
/// </summary>
public static class ConfigRecipes
{
    /// <summary>The header_checks rule of the "block read receipts" how-to: every <c>multipart/report</c> message.</summary>
    public const string ReadReceiptRule = @"/^Content-type: Multipart\/report/ DISCARD";

    /// <summary>A header_checks rule that discards only read receipts (MDNs, <c>report-type=disposition-notification</c>), not bounces.</summary>
    public const string MdnOnlyRule =
        @"/^Content-Type:[[:space:]]*multipart\/report;.*report-type[[:space:]]*=[[:space:]]*""?disposition-notification/ DISCARD";

    private static readonly string[] IndexedOrText = ["hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash"];

    /// <summary>
    /// Forward secrecy: stage the DH parameter file and point <c>smtpd_tls_dh1024_param_file</c> at it. The caller
    /// supplies the parameters (Postfix.Crypto generates them, or keeps the existing file when it is still good).
    /// </summary>
    /// <param name="set">The change set.</param>
    /// <param name="path">Where the parameters go (absolute).</param>
    /// <param name="pem">The PEM "DH PARAMETERS" bytes.</param>
    public static RecipeOutcome ForwardSecrecy(ChangeSet set, string path, ReadOnlyMemory<byte> pem)
    {
        ArgumentNullException.ThrowIfNull(set);
        RequireAbsolute(path);
        set.Stage(path, pem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var main = set.MainCf;
        if (main.GetValue("smtpd_tls_dh1024_param_file") != path)
        {
            set.StageMainCf(main.Set("smtpd_tls_dh1024_param_file", path));
        }

        return new RecipeOutcome($"smtpd_tls_dh1024_param_file = {path}", []);
    }

    /// <summary>
    /// Force IPv4 or IPv6 for one destination: the <c>smtp-ipv4</c>/<c>smtp-ipv6</c> client service in master.cf and a
    /// transport entry <c>DOMAIN smtp-ipv4:</c> (adding <c>transport_maps</c> when there is no file table to add it to).
    /// An existing entry for the domain keeps its next hop: <c>smtp:[mx.example]</c> becomes <c>smtp-ipv4:[mx.example]</c>.
    /// </summary>
    /// <param name="set">The change set.</param>
    /// <param name="domain">The destination domain.</param>
    /// <param name="family">The address family to use for it.</param>
    public static RecipeOutcome ForceAddressFamily(ChangeSet set, string domain, InetProtocolFamily family)
    {
        ArgumentNullException.ThrowIfNull(set);
        RequireWord(domain, nameof(domain));
        set.StageMasterCf(MasterCfRecipes.EnsureSmtpProtocolTransport(set.MasterCf, family));
        var service = family == InetProtocolFamily.IPv4 ? "smtp-ipv4" : "smtp-ipv6";
        var table = EnsureMapTable(set, "transport_maps", "transport");

        // An existing route for the domain keeps its next hop(s); only the transport changes.
        var current = LookupValue(set, table.Path, domain);
        var colon = current?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        var value = colon >= 0 ? service + ":" + current![(colon + 1)..] : TransportEntry.Create(service).ToString();
        SetTableValue(set, table.Path, domain, value);
        var warnings = new List<string>();
        var protocols = Evaluator(set.MainCf, set.ConfigDirectory).Expand("inet_protocols").Value;
        var needed = family == InetProtocolFamily.IPv4 ? "ipv4" : "ipv6";
        if (!protocols.Contains(needed, StringComparison.OrdinalIgnoreCase) && !protocols.Contains("all", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add($"inet_protocols = {protocols} does not include {needed}: the {service} service overrides it for this destination only");
        }

        return new RecipeOutcome($"{domain} → {service}: (in {table.Type}:{table.Path})", warnings);
    }

    /// <summary>
    /// TLS by fingerprint: a TLS policy entry <c>NEXTHOP fingerprint match=…</c> (adding <c>smtp_tls_policy_maps</c>
    /// when missing), and <c>smtp_tls_fingerprint_digest</c> when <paramref name="digest"/> is given and differs.
    /// </summary>
    /// <param name="set">The change set.</param>
    /// <param name="nextHop">The SMTP client's next hop, for example <c>[mx.partner.example]:25</c>.</param>
    /// <param name="fingerprints">The fingerprints (colon-separated hex) to accept.</param>
    /// <param name="digest">The digest to set in <c>smtp_tls_fingerprint_digest</c>, or null to leave it.</param>
    public static RecipeOutcome TlsPin(ChangeSet set, string nextHop, IReadOnlyList<string> fingerprints, string? digest = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(fingerprints);
        RequireWord(nextHop, nameof(nextHop));
        if (fingerprints.Count == 0)
        {
            throw new ArgumentException("at least one fingerprint is needed", nameof(fingerprints));
        }

        var table = EnsureMapTable(set, "smtp_tls_policy_maps", "tls_policy");
        SetTableValue(set, table.Path, nextHop, TlsPolicy.Fingerprint([.. fingerprints.Distinct(StringComparer.OrdinalIgnoreCase)]).Value);
        if (digest is not null)
        {
            var main = set.MainCf;
            var current = Evaluator(main, set.ConfigDirectory).Expand("smtp_tls_fingerprint_digest").Value;
            if (!string.Equals(current, digest, StringComparison.OrdinalIgnoreCase))
            {
                set.StageMainCf(main.Set("smtp_tls_fingerprint_digest", digest));
            }
        }

        return new RecipeOutcome($"{nextHop} fingerprint match={string.Join('|', fingerprints)} (in {table.Type}:{table.Path})", []);
    }

    /// <summary>
    /// IPv6: <c>inet_protocols = all</c> and <c>[::1]/128</c> in an explicit <c>mynetworks</c> (its layout kept). Warns
    /// when this host has no IPv6 address. The commit reports that <c>inet_protocols</c> needs a restart.
    /// </summary>
    /// <param name="set">The change set.</param>
    public static RecipeOutcome Ipv6(ChangeSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var main = set.MainCf;
        var edited = main.GetValue("inet_protocols") == "all" ? main : main.Set("inet_protocols", "all");
        if (edited.Contains("mynetworks"))
        {
            edited = edited.AddListItem("mynetworks", "[::1]/128");
        }

        set.StageMainCf(edited);
        var warnings = new List<string>();
        if (!HostHasIpv6())
        {
            warnings.Add("this host has no IPv6 address: Postfix will log \"inet_protocols: disabling IPv6 name/address support\" until it has one");
        }

        return new RecipeOutcome("inet_protocols = all" + (edited.Contains("mynetworks") ? ", [::1]/128 in mynetworks" : string.Empty), warnings);
    }

    /// <summary>
    /// Block read receipts: the header_checks rule <see cref="ReadReceiptRule"/> (or <see cref="MdnOnlyRule"/>), in the
    /// regexp table <c>header_checks</c> names, or in a new <c>regexp:DIR/header_checks</c>.
    /// </summary>
    /// <param name="set">The change set.</param>
    /// <param name="mdnOnly">Match only <c>report-type=disposition-notification</c>, leaving bounces alone.</param>
    public static RecipeOutcome BlockReadReceipts(ChangeSet set, bool mdnOnly = false)
    {
        ArgumentNullException.ThrowIfNull(set);
        var main = set.MainCf;
        var reference = TableReferenceChecker.FindReferences(main, null, set.ConfigDirectory)
            .FirstOrDefault(r => r.Parameter == "header_checks" && r.Type is "regexp" or "pcre" && r.Name.StartsWith('/'));
        string path;
        if (reference is null)
        {
            path = set.ConfigDirectory + "/header_checks";
            var item = "regexp:" + path;
            set.StageMainCf(main.Contains("header_checks") && main.GetValue("header_checks")!.Trim().Length > 0
                ? main.AddListItem("header_checks", item, before: FirstItem(main.GetValue("header_checks")!))
                : main.Set("header_checks", item));
        }
        else
        {
            path = reference.Name;
        }

        var rule = mdnOnly ? MdnOnlyRule : ReadReceiptRule;
        var bytes = set.Read(path)?.ToArray() ?? [];
        var lines = PostfixText.Decode(bytes).Split('\n');
        if (!lines.Any(l => l.TrimEnd('\r') == rule))
        {
            var text = PostfixText.Decode(bytes);
            text += (text.Length == 0 || text.EndsWith('\n') ? string.Empty : "\n") + rule + "\n";
            set.Stage(path, PostfixText.Encode(text));
        }

        var warnings = mdnOnly
            ? []
            : new[] { "this rule also discards delivery status notifications: bounces are multipart/report too (use --mdn-only to discard read receipts only)" };
        return new RecipeOutcome($"{rule} (in {path})", warnings);
    }

    /// <summary>
    /// Block a sender (a hacked mailing list): an access entry <c>ADDRESS REJECT text</c> and <c>check_sender_access</c>
    /// first in <c>smtpd_sender_restrictions</c> (in the table already named there, or a new <c>DIR/sender_access</c>).
    /// </summary>
    /// <param name="set">The change set.</param>
    /// <param name="sender">An address, a domain, or <c>user@</c>.</param>
    /// <param name="message">The text of the rejection, or null for Postfix's default.</param>
    public static RecipeOutcome BlockSender(ChangeSet set, string sender, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        RequireWord(sender, nameof(sender));
        var main = set.MainCf;
        var items = Items(main.GetValue("smtpd_sender_restrictions") ?? string.Empty);
        (string Type, string Path)? table = null;
        for (var i = 0; i + 1 < items.Count; i++)
        {
            if (items[i] == "check_sender_access" && Split(items[i + 1]) is { } t && IndexedOrText.Contains(t.Type) && t.Path.StartsWith('/'))
            {
                table = t;
                break;
            }
        }

        if (table is null)
        {
            var type = DefaultDatabaseType(main, set.ConfigDirectory);
            table = (type, set.ConfigDirectory + "/sender_access");
            var item = $"check_sender_access {type}:{table.Value.Path}";
            set.StageMainCf(items.Count == 0 ? main.Set("smtpd_sender_restrictions", item) : main.AddListItem("smtpd_sender_restrictions", item, before: items[0]));
        }

        SetTableValue(set, table.Value.Path, sender, AccessAction.Reject(message).Value);
        return new RecipeOutcome($"{sender} {AccessAction.Reject(message).Value} (in {table.Value.Type}:{table.Value.Path})", []);
    }

    private static (string Type, string Path) EnsureMapTable(ChangeSet set, string parameter, string fileName)
    {
        var main = set.MainCf;
        var existing = TableReferenceChecker.FindReferences(main, null, set.ConfigDirectory)
            .FirstOrDefault(r => r.Parameter == parameter && IndexedOrText.Contains(r.Type) && r.Name.StartsWith('/'));
        if (existing is not null)
        {
            return (existing.Type, existing.Name);
        }

        var type = DefaultDatabaseType(main, set.ConfigDirectory);
        var path = set.ConfigDirectory + "/" + fileName;
        var item = type + ":" + path;
        var value = main.GetValue(parameter);
        set.StageMainCf(value is null || value.Trim().Length == 0 ? main.Set(parameter, item) : main.AddListItem(parameter, item, before: FirstItem(value)));
        return (type, path);
    }

    private static string? LookupValue(ChangeSet set, string path, string key)
    {
        var bytes = set.Read(path)?.ToArray() ?? [];
        var source = PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = path, Utf8 = LookupTableOptions.FromMainCf(set.MainCf.ToBytes()).Utf8 });
        return source.Entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase))?.Value;
    }

    private static void SetTableValue(ChangeSet set, string path, string key, string value)
    {
        var bytes = set.Read(path)?.ToArray() ?? [];
        var utf8 = LookupTableOptions.FromMainCf(set.MainCf.ToBytes()).Utf8;
        var source = PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = path, Utf8 = utf8 });
        var existing = source.Entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
        if (existing?.Value == value)
        {
            return;
        }

        set.Stage(path, source.Set(key, value).ToBytes());
    }

    private static string DefaultDatabaseType(MainCfDocument main, string configDirectory) =>
        Evaluator(main, configDirectory).Expand("default_database_type").Value is { Length: > 0 } t ? t : "hash";

    private static ParameterEvaluator Evaluator(MainCfDocument main, string configDirectory) =>
        new(main.GetValue, new ParameterEvaluatorOptions { ConfigDirectory = configDirectory });

    private static (string Type, string Path)? Split(string item)
    {
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : (item[..colon], item[(colon + 1)..]);
    }

    private static string FirstItem(string value) => Items(value)[0];

    private static List<string> Items(string value) =>
        [.. value.Split([' ', '\t', ',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)];

    private static void RequireAbsolute(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/') || path.Any(char.IsControl) || path.Any(c => c is ' ' or '\t' or ','))
        {
            throw new ArgumentException($"not an absolute path without blanks, commas or control characters: {path}", nameof(path));
        }
    }

    private static void RequireWord(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Any(c => char.IsControl(c) || c is ' ' or '\t' or ',' or '#'))
        {
            throw new ArgumentException($"not a single word: {value}", name);
        }
    }

    private static bool HostHasIpv6()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Any(a => a.Address.AddressFamily == AddressFamily.InterNetworkV6);
        }
        catch (NetworkInformationException)
        {
            return false;
        }
    }
}
