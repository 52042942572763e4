using System.IO.Abstractions;
using Postfix.Config.Catalog;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// The configuration checks of database tables that <see cref="TableReferenceChecker"/> runs: the configuration file's
/// unknown and obsolete parameters, a password in a file others can read, <c>proxy:</c> tables that proxymap would
/// refuse (not approved by <c>proxy_read_maps</c>/<c>proxy_write_maps</c>), and network database tables a chrooted
/// daemon would query without <c>proxy:</c>.
/// </summary>
internal static class DatabaseTableChecks
{
    /// <summary>Parameters whose <c>proxy:</c> tables go to proxywrite (checked against <c>proxy_write_maps</c>).</summary>
    private static readonly string[] WriteParameters = ["address_verify_map", "postscreen_cache_map", "smtp_sasl_auth_cache_name", "lmtp_sasl_auth_cache_name"];

    /// <summary>The table parameters each chrootable daemon reads (besides those with its own prefix).</summary>
    private static readonly Dictionary<string, string[]> DaemonParameters = new(StringComparer.Ordinal)
    {
        ["smtpd"] =
        [
            "smtpd_", "local_recipient_maps", "relay_recipient_maps", "virtual_alias_maps", "virtual_mailbox_maps", "relay_domains", "mydestination",
            "virtual_alias_domains", "virtual_mailbox_domains", "mynetworks", "permit_mx_backup_networks", "proxy_interfaces",
        ],
        ["cleanup"] =
        [
            "cleanup_", "canonical_maps", "sender_canonical_maps", "recipient_canonical_maps", "virtual_alias_maps", "header_checks",
            "mime_header_checks", "nested_header_checks", "body_checks", "sender_bcc_maps", "recipient_bcc_maps", "milter_",
        ],
        ["trivial-rewrite"] =
        [
            "transport_maps", "relocated_maps", "sender_dependent_relayhost_maps", "sender_dependent_default_transport_maps", "relay_domains",
            "mydestination", "virtual_alias_domains", "virtual_mailbox_domains", "virtual_mailbox_maps", "relay_recipient_maps",
        ],
        ["smtp"] = ["smtp_", "lmtp_", "sender_dependent_"],
        ["postscreen"] = ["postscreen_"],
        ["tlsproxy"] = ["tlsproxy_"],
        ["verify"] = ["address_verify_"],
        ["virtual"] = ["virtual_"],
    };

    private static readonly DatabaseTableType[] NetworkTypes = [DatabaseTableType.Mysql, DatabaseTableType.Pgsql, DatabaseTableType.Ldap, DatabaseTableType.Memcache];

    /// <summary>The checks of one database table reference (file form: the file's parameters and permissions).</summary>
    public static IEnumerable<Diagnostic> CheckReference(TableReference reference, DatabaseTableType type, IFileSystem fileSystem)
    {
        if (!reference.Name.StartsWith('/'))
        {
            yield break; // main.cf-embedded: see CheckEmbedded.
        }

        if (!fileSystem.File.Exists(reference.Name))
        {
            yield return new Diagnostic(DiagnosticSeverity.Warning, TableDiagnosticCodes.OpenFailed, $"open {reference.Name}: No such file or directory (in {reference.Parameter})", reference.Location);
            yield break;
        }

        DatabaseTableDocument doc;
        try
        {
            doc = DatabaseTableDocument.Load(reference.Name, fileSystem, new DatabaseTableDocumentOptions { Type = type });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            doc = null!;
        }

        if (doc is null)
        {
            yield return new Diagnostic(DiagnosticSeverity.Warning, TableDiagnosticCodes.OpenFailed, $"open {reference.Name}: Permission denied (in {reference.Parameter})", reference.Location);
            yield break;
        }

        foreach (var d in doc.Diagnostics)
        {
            yield return d;
        }

        foreach (var name in PasswordNames(type))
        {
            var definition = doc.Definitions.LastOrDefault(p => p.Name == name);
            if (definition is not null && definition.Value.Length > 0 && WorldReadable(fileSystem, reference.Name))
            {
                yield return new Diagnostic(DiagnosticSeverity.Warning, DatabaseDiagnosticCodes.WorldReadablePassword,
                    $"{DatabaseTableTypes.Name(type)}:{reference.Name}: {name} is set in a world-readable file; make it readable by root and the postfix group only (chown root:postfix; chmod 640)",
                    definition.Location);
            }
        }
    }

    /// <summary>Passwords of main.cf-embedded tables (<c>name_password</c>, <c>name_bind_pw</c>) in a world-readable main.cf.</summary>
    public static IEnumerable<Diagnostic> CheckEmbedded(MainCfDocument mainCf, IEnumerable<TableReference> references, IFileSystem fileSystem)
    {
        if (mainCf.Path is not { } path || !fileSystem.File.Exists(path) || !WorldReadable(fileSystem, path))
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in references)
        {
            if (r.Name.StartsWith('/') || !DatabaseTableTypes.TryParse(r.Type, out var type))
            {
                continue;
            }

            foreach (var name in PasswordNames(type))
            {
                var full = r.Name + "_" + name;
                var definition = mainCf.Definitions.LastOrDefault(p => p.Name == full);
                if (definition is not null && definition.Value.Length > 0 && seen.Add(full))
                {
                    yield return new Diagnostic(DiagnosticSeverity.Warning, DatabaseDiagnosticCodes.WorldReadablePassword,
                        $"{r.Type}:{r.Name}: {full} is set in the world-readable {path}; move the table to its own file readable by root and the postfix group only (chown root:postfix; chmod 640)",
                        definition.Location);
                }
            }
        }
    }

    private static string[] PasswordNames(DatabaseTableType type) => type switch
    {
        DatabaseTableType.Mysql or DatabaseTableType.Pgsql => ["password"],
        DatabaseTableType.Ldap => ["bind_pw"],
        _ => [],
    };

    private static bool WorldReadable(IFileSystem fileSystem, string path) =>
        !OperatingSystem.IsWindows() && (fileSystem.File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0;

    /// <summary><c>proxy:</c> tables proxymap would refuse: proxymap approves only the <c>proxy:</c> items of proxy_read_maps (proxy_write_maps).</summary>
    public static IEnumerable<Diagnostic> CheckProxy(IEnumerable<TableReference> references, ParameterEvaluator evaluator)
    {
        var read = Approved(evaluator.Expand("proxy_read_maps").Value);
        var write = Approved(evaluator.Expand("proxy_write_maps").Value);
        var seen = new HashSet<(string, bool)>();
        foreach (var r in references.Where(r => r.ViaProxy))
        {
            var writer = WriteParameters.Contains(r.Parameter, StringComparer.Ordinal);
            var typeName = r.Type + ":" + r.Name;
            if ((writer ? write : read).Contains(typeName) || !seen.Add((typeName, writer)))
            {
                continue;
            }

            yield return new Diagnostic(DiagnosticSeverity.Warning, DatabaseDiagnosticCodes.ProxyNotInReadMaps,
                $"request for unapproved table: \"{typeName}\"; to approve this table for {(writer ? "read-write" : "read-only")} access, list proxy:{typeName} in main.cf:{(writer ? "proxy_write_maps" : "proxy_read_maps")} (in {r.Parameter})",
                r.Location);
        }
    }

    private static HashSet<string> Approved(string value)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        Approve(value, set);
        return set;
    }

    private static void Approve(string value, HashSet<string> set)
    {
        foreach (var item in TableReferenceChecker.Split(value))
        {
            if (item.StartsWith('{') && item.EndsWith('}'))
            {
                Approve(item[1..^1], set);
                continue;
            }

            if (!item.StartsWith("proxy:", StringComparison.Ordinal))
            {
                continue;
            }

            var t = item;
            while (t.StartsWith("proxy:", StringComparison.Ordinal))
            {
                t = t[6..];
            }

            if (t.Contains(':', StringComparison.Ordinal))
            {
                set.Add(t);
            }
        }
    }

    /// <summary>Network database tables (mysql, pgsql, ldap, memcache) that a chrooted daemon would query itself.</summary>
    public static IEnumerable<Diagnostic> CheckChroot(MainCfDocument mainCf, MasterCfDocument? masterCf, IReadOnlyList<TableReference> references)
    {
        if (masterCf is null)
        {
            yield break;
        }

        var legacy = !CompatibilityLevel.TryParse(mainCf.GetValue("compatibility_level") ?? "0", out var level) || level < CompatibilityLevel.Parse("1");
        var seen = new HashSet<(string, string, string)>();
        foreach (var service in masterCf.Services)
        {
            if (!service.IsChrootedAt(legacy) || !DaemonParameters.TryGetValue(service.Command.Text, out var reads))
            {
                continue;
            }

            foreach (var r in references)
            {
                if (r.ViaProxy || !DatabaseTableTypes.TryParse(r.Type, out var type) || !NetworkTypes.Contains(type) || !Reads(reads, service.Command.Text, r.Parameter))
                {
                    continue;
                }

                // A reference from master.cf belongs to its own service; one from main.cf applies unless the service overrides it.
                var fromMaster = r.Location.Path is { } p && masterCf.Path is { } mp && p == mp;
                if (fromMaster ? !OnServiceLines(r, service) : service.GetParameter(r.Parameter) is not null)
                {
                    continue;
                }

                if (!seen.Add((service.ToString(), r.Type + ":" + r.Name, r.Parameter)))
                {
                    continue;
                }

                yield return new Diagnostic(DiagnosticSeverity.Warning, DatabaseDiagnosticCodes.ChrootWithoutProxy,
                    $"{r.Parameter}: {r.Type}:{r.Name} is queried by the chrooted service {service} (master.cf line {service.LineNumber}) without proxy:; " +
                    $"its client cannot reach sockets, configuration or name service outside the chroot; use proxy:{r.Type}:{r.Name} (proxymap runs outside the chroot) or run the service with chroot n",
                    r.Location);
            }
        }
    }

    private static bool OnServiceLines(TableReference r, MasterCfService service)
    {
        var start = service.Location.Offset;
        var end = start + service.Location.Length;
        return r.Location.Offset >= start && r.Location.Offset < end;
    }

    private static bool Reads(string[] reads, string command, string parameter) =>
        parameter.EndsWith("_restrictions", StringComparison.Ordinal) && command == "smtpd"
        || reads.Any(x => x.EndsWith('_') ? parameter.StartsWith(x, StringComparison.Ordinal) : parameter == x);
}
