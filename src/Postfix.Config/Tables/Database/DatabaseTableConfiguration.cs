using System.Globalization;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// A database table's configuration as Postfix reads it when it opens the table (<c>dict_TYPE_open</c>): every
/// parameter with its default, the templates parsed into one <c>db_common</c> context, the <c>domain</c> list, and the
/// open-time warnings. <see cref="Explain(string, ExplainOptions?)"/> tells, without connecting, the exact query Postfix would send for a key.
/// Opening fails with <see cref="LookupTableOpenException"/> carrying Postfix's fatal message. Passwords are kept
/// out of every message and of <see cref="ToString"/>.
/// </summary>
public sealed partial class DatabaseTableConfiguration
{
    private readonly List<string> _warnings = [];

    private DatabaseTableConfiguration(DatabaseTableType type, DatabaseTableSettings settings)
    {
        Type = type;
        Settings = settings;
        RawName = ByteText.FromDisplay(settings.Name);
    }

    /// <summary>The table type.</summary>
    public DatabaseTableType Type { get; }

    /// <summary>The table name (path or main.cf prefix).</summary>
    public string Name => Settings.Name;

    /// <summary>Where the parameters came from.</summary>
    public DatabaseTableSettings Settings { get; }

    /// <summary>The warnings Postfix prints when it opens the table (after <c>warning: </c>).</summary>
    public IReadOnlyList<string> Warnings => [.. _warnings.Select(ByteText.ToDisplay)];

    /// <summary>SQL types: the query template (built from the legacy fields when <c>query</c> is not set). ldap: <c>query_filter</c>. memcache: <c>key_format</c>.</summary>
    public string Query => ByteText.ToDisplay(RawQuery);

    /// <summary><c>result_format</c> (ldap: or the old <c>result_filter</c>).</summary>
    public string ResultFormat => ByteText.ToDisplay(RawResultFormat);

    /// <summary><c>domain</c> as written (empty: every key is looked up).</summary>
    public string Domain => ByteText.ToDisplay(RawDomain);

    /// <summary><c>expansion_limit</c> (0: no limit).</summary>
    public int ExpansionLimit { get; private set; }

    /// <summary>mysql, pgsql: the <c>hosts</c> items (default <c>localhost</c>); ldap: the server URLs; memcache: the one server.</summary>
    public IReadOnlyList<string> Hosts { get; private set; } = [];

    /// <summary>mysql, pgsql: <c>user</c>.</summary>
    public string User { get; private set; } = string.Empty;

    /// <summary>mysql, pgsql: whether a password is set (the password itself is not exposed).</summary>
    public bool HasPassword => Password.Length > 0;

    /// <summary>mysql, pgsql: <c>dbname</c>; sqlite: <c>dbpath</c>.</summary>
    public string Database { get; private set; } = string.Empty;

    /// <summary>mysql: <c>option_file</c> (null: none).</summary>
    public string? OptionFile { get; private set; }

    /// <summary>mysql: <c>option_group</c> (default <c>client</c>).</summary>
    public string? OptionGroup { get; private set; }

    /// <summary>mysql: <c>require_result_set</c>.</summary>
    public bool RequireResultSet { get; private set; } = true;

    /// <summary>mysql: the TLS settings that are set (name → value); any of them turns TLS on.</summary>
    public IReadOnlyDictionary<string, string> Tls { get; private set; } = new Dictionary<string, string>();

    /// <summary>ldap: <c>search_base</c>.</summary>
    public string SearchBase => ByteText.ToDisplay(RawSearchBase);

    /// <summary>ldap: the search scope (0 base, 1 one, 2 sub).</summary>
    public int Scope { get; private set; } = 2;

    /// <summary>ldap: the attributes requested, in Postfix's order (terminal, leaf, regular, special).</summary>
    public IReadOnlyList<string> Attributes { get; private set; } = [];

    /// <summary>ldap: how many of <see cref="Attributes"/> are terminal, leaf (after terminal) and regular (after leaf).</summary>
    public (int Terminal, int Leaf, int Regular) AttributeCounts { get; private set; }

    /// <summary>ldap: protocol version (Debian's default 3).</summary>
    public int Version { get; private set; } = 3;

    /// <summary>ldap: <c>bind</c> (0 none, 1 simple, 2 sasl).</summary>
    public int Bind { get; private set; } = 1;

    /// <summary>ldap: <c>bind_dn</c>.</summary>
    public string BindDn { get; private set; } = string.Empty;

    /// <summary>ldap: <c>timeout</c>; memcache: <c>timeout</c>.</summary>
    public int Timeout { get; private set; }

    /// <summary>ldap: <c>recursion_limit</c>.</summary>
    public int RecursionLimit { get; private set; } = 1000;

    /// <summary>ldap: <c>size_limit</c> (default <c>expansion_limit</c>).</summary>
    public int SizeLimit { get; private set; }

    /// <summary>ldap: <c>dereference</c> (0–3).</summary>
    public int Dereference { get; private set; }

    /// <summary>ldap: <c>chase_referrals</c>.</summary>
    public bool ChaseReferrals { get; private set; }

    /// <summary>ldap: <c>start_tls</c>.</summary>
    public bool StartTls { get; private set; }

    /// <summary>memcache: <c>backup</c> table (null: none).</summary>
    public string? Backup { get; private set; }

    /// <summary>memcache: <c>ttl</c>, <c>flags</c>, <c>max_try</c>, <c>retry_pause</c>, <c>line_size_limit</c>, <c>data_size_limit</c>.</summary>
    public (int Ttl, int Flags, int MaxTry, int RetryPause, int LineSizeLimit, int DataSizeLimit) MemcacheLimits { get; private set; }

    internal string RawName { get; }

    internal string RawQuery { get; private set; } = string.Empty;

    internal string RawResultFormat { get; private set; } = "%s";

    internal string RawDomain { get; private set; } = string.Empty;

    internal string RawSearchBase { get; private set; } = string.Empty;

    internal string Password { get; private set; } = string.Empty;

    internal string BindPassword { get; private set; } = string.Empty;

    internal bool DynamicBase { get; private set; }

    /// <summary>ldap: the URL list handed to <c>ldap_initialize</c> (byte text, space-separated, in order).</summary>
    internal string LdapServerHost { get; private set; } = string.Empty;

    /// <summary>ldap: an <c>ldaps:</c> URL is in the list (TLS options then apply).</summary>
    internal bool LdapSsl { get; private set; }

    /// <summary>ldap: <c>tls_require_cert</c>.</summary>
    internal bool LdapTlsRequireCert { get; private set; }

    /// <summary>ldap: the set TLS file and cipher parameters (name → byte text), in Postfix's order.</summary>
    internal IReadOnlyList<(string Name, string Value)> LdapTls { get; private set; } = [];

    /// <summary>ldap: the number of the regular (terminal + leaf + regular) attributes.</summary>
    internal int LdapNumAttributes => AttributeCounts.Terminal + AttributeCounts.Leaf + AttributeCounts.Regular;

    /// <summary>ldap: the requested attributes as byte text.</summary>
    internal IReadOnlyList<string> RawAttributes { get; private set; } = [];

    internal DbTemplateContext Context { get; } = new();

    internal DomainMatchList? DomainList { get; private set; }

    /// <summary>Reads a file the table names (mysql's <c>option_file</c>), through the opener's file system.</summary>
    internal Func<string, byte[]> ReadFile { get; private set; } = _ => throw new InvalidOperationException("no file reader");

    /// <summary>
    /// Reads the configuration as Postfix does when it opens <c>TYPE:NAME</c>.
    /// </summary>
    /// <param name="type">The table type.</param>
    /// <param name="settings">Where the parameters come from.</param>
    /// <param name="openTable">Opens a <c>type:table</c> named in <c>domain</c>; null when such items should fail lookups.</param>
    /// <param name="readFile">Reads a <c>/file</c> named in <c>domain</c> and mysql's <c>option_file</c>; null for the real file system.</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop with a fatal error (its message).</exception>
    public static DatabaseTableConfiguration Open(DatabaseTableType type, DatabaseTableSettings settings, Func<string, ILookupTable>? openTable = null, Func<string, byte[]>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var c = new DatabaseTableConfiguration(type, settings);
        c._warnings.AddRange(settings.RawWarnings);
        var fileSystem = new System.IO.Abstractions.FileSystem();
        readFile ??= path =>
        {
            try
            {
                return fileSystem.File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LookupTableOpenException($"open {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "No such file or directory" : "Permission denied")}", e);
            }
        };

        c.ReadFile = readFile;
        switch (type)
        {
            case DatabaseTableType.Sqlite:
                c.Database = ByteText.ToDisplay(settings.Str("dbpath", string.Empty, 1)!);
                c.RawQuery = settings.Str("query", null) ?? c.LegacyQuery(null);
                c.RawResultFormat = settings.Str("result_format", "%s", 1)!;
                c.ExpansionLimit = settings.Int("expansion_limit", 0);
                c.ParseSqlTemplates(openTable, readFile);
                break;
            case DatabaseTableType.Mysql:
                c.ReadServer();
                c.OptionFile = Display(settings.Str("option_file", null));
                c.OptionGroup = Display(settings.Str("option_group", "client"));
                var tls = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var n in new[] { "tls_key_file", "tls_cert_file", "tls_CAfile", "tls_CApath", "tls_ciphers" })
                {
                    if (settings.Str(n, null) is { } v)
                    {
                        tls[n] = ByteText.ToDisplay(v);
                    }
                }

                var verify = settings.Bool("tls_verify_cert", -1);
                if (verify >= 0)
                {
                    tls["tls_verify_cert"] = verify == 1 ? "yes" : "no";
                }

                c.Tls = tls;
                c.RequireResultSet = settings.Bool("require_result_set", 1) == 1;
                c.ExpansionLimit = settings.Int("expansion_limit", 0);
                c.RawQuery = settings.Str("query", null) ?? c.LegacyQuery(null);
                c.ParseSqlTemplates(openTable, readFile);
                c.ReadHosts();
                break;
            case DatabaseTableType.Pgsql:
                c.ReadServer();
                c.ExpansionLimit = settings.Int("expansion_limit", 0);
                c.RawQuery = settings.Str("query", null) ?? c.LegacyQuery(settings.Str("select_function", null));
                c.ParseSqlTemplates(openTable, readFile);
                c.ReadHosts();
                break;
            case DatabaseTableType.Ldap:
                c.ReadLdap(openTable, readFile);
                break;
            case DatabaseTableType.Memcache:
                c.ReadMemcache(openTable, readFile);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }

        return c;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{DatabaseTableTypes.Name(Type)}:{Name}";

    private static string? Display(string? byteText) => byteText is null ? null : ByteText.ToDisplay(byteText);

    private void ReadServer()
    {
        User = ByteText.ToDisplay(Settings.Str("user", string.Empty)!);
        Password = Settings.Str("password", string.Empty)!;
        Database = ByteText.ToDisplay(Settings.Str("dbname", string.Empty, 1)!);
        RawResultFormat = Settings.Str("result_format", "%s", 1)!;
    }

    private void ReadHosts()
    {
        var hosts = Settings.Str("hosts", string.Empty)!;
        var list = SplitList(hosts);
        Hosts = list.Count == 0 ? ["localhost"] : [.. list.Select(ByteText.ToDisplay)];
    }

    private static List<string> SplitList(string s) => [.. s.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)];

    private string LegacyQuery(string? selectFunction)
    {
        if (selectFunction is not null)
        {
            return "SELECT " + selectFunction + "('%s')";
        }

        var table = Settings.Str("table", null, 1)!;
        var select = Settings.Str("select_field", null, 1)!;
        var where = Settings.Str("where_field", null, 1)!;
        var more = Settings.Str("additional_conditions", string.Empty)!;
        return "SELECT " + select + " FROM " + table + " WHERE " + where + "='%s' " + more;
    }

    private void ParseSqlTemplates(Func<string, ILookupTable>? openTable, Func<string, byte[]> readFile)
    {
        ParseTemplate(RawQuery, true);
        ParseTemplate(RawResultFormat, false);
        ReadDomain(openTable, readFile);
    }

    private bool ParseTemplate(string format, bool query)
    {
        if (!Context.Parse(format, query))
        {
            throw DatabaseTableSettings.Fatal($"db_common_parse: {RawName}: Invalid {(query ? "query" : "result")} template: {format}");
        }

        return Dynamic(format);
    }

    private static bool Dynamic(string format)
    {
        for (var i = 0; i < format.Length - 1; i++)
        {
            if (format[i] == '%')
            {
                if (format[i + 1] != '%')
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    private void ReadDomain(Func<string, ILookupTable>? openTable, Func<string, byte[]> readFile)
    {
        RawDomain = Settings.Str("domain", string.Empty)!;
        if (RawDomain.Length > 0)
        {
            DomainList = DomainMatchList.Parse(RawDomain, readFile, openTable);
        }
    }

    private void ReadLdap(Func<string, ILookupTable>? openTable, Func<string, byte[]> readFile)
    {
        const string Me = "dict_ldap_open";
        var s = Settings;
        var serverHost = s.Str("server_host", "localhost", 1)!;
        var port = s.Int("server_port", 389);
        Version = s.Int("version", 3, 2);
        if (Version is not (2 or 3))
        {
            _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{Me}: {RawName} Unknown version {Version}, using 3."));
            Version = 3;
        }

        var urls = new List<string>();
        foreach (var h in SplitList(serverHost))
        {
            var scheme = h.IndexOf("://", StringComparison.Ordinal) is var i and > 0 ? h[..i].ToLowerInvariant() : null;
            if (scheme is "ldap" or "ldaps" or "ldapi")
            {
                if (scheme != "ldap" && Version != 3)
                {
                    _warnings.Add($"{Me}: URL scheme {h[..h.IndexOf("://", StringComparison.Ordinal)]} requires protocol version 3");
                    Version = 3;
                }

                urls.Add(h);
                LdapSsl |= scheme == "ldaps";
            }
            else if (h.Contains(':', StringComparison.Ordinal))
            {
                urls.Add("ldap://" + h);
            }
            else
            {
                urls.Add(string.Create(CultureInfo.InvariantCulture, $"ldap://{h}:{port}"));
            }
        }

        Hosts = [.. urls.Select(ByteText.ToDisplay)];
        LdapServerHost = string.Join(' ', urls);
        var scope = s.Str("scope", "sub", 1)!;
        Scope = scope.ToLowerInvariant() switch
        {
            "one" => 1,
            "base" => 0,
            "sub" => 2,
            _ => -1,
        };
        if (Scope < 0)
        {
            _warnings.Add($"{Me}: {RawName}: Unrecognized value {scope} specified for scope; using sub");
            Scope = 2;
        }

        RawSearchBase = s.Str("search_base", string.Empty)!;
        Timeout = s.Int("timeout", 10);
        RawQuery = s.Str("query_filter", "(mailacceptinggeneralid=%s)")!;
        RawResultFormat = s.Str("result_format", null) ?? s.Str("result_filter", "%s", 1)!;
        DynamicBase = ParseTemplate(RawSearchBase, true);
        if (!ParseTemplate(RawQuery, true))
        {
            _warnings.Add($"{Me}: {RawName}: Fixed query_filter {RawQuery} is probably useless");
        }

        ParseTemplate(RawResultFormat, false);
        ReadDomain(openTable, readFile);
        var terminal = SplitList(s.Str("terminal_result_attribute", string.Empty)!);
        var leaf = SplitList(s.Str("leaf_result_attribute", string.Empty)!);
        var regular = SplitList(s.Str("result_attribute", "maildrop")!);
        var special = SplitList(s.Str("special_result_attribute", string.Empty)!);
        RawAttributes = [.. terminal.Concat(leaf).Concat(regular).Concat(special)];
        Attributes = [.. RawAttributes.Select(ByteText.ToDisplay)];
        AttributeCounts = (terminal.Count, leaf.Count, regular.Count);
        var bind = s.Str("bind", "yes", 1)!;
        Bind = bind.ToLowerInvariant() switch
        {
            "none" or "no" => 0,
            "simple" or "yes" => 1,
            "sasl" => 2,
            _ => throw DatabaseTableSettings.Fatal($"{ByteText.FromDisplay(Name)}: unsupported parameter value: bind = {bind}"),
        };
        BindDn = ByteText.ToDisplay(s.Str("bind_dn", string.Empty)!);
        BindPassword = s.Str("bind_pw", string.Empty)!;
        if (s.Bool("cache", 0) == 1)
        {
            _warnings.Add($"{Me}: {RawName} ignoring cache");
        }

        if (s.Int("cache_expiry", -1) >= 0)
        {
            _warnings.Add($"{Me}: {RawName} ignoring cache_expiry");
        }

        if (s.Int("cache_size", -1) >= 0)
        {
            _warnings.Add($"{Me}: {RawName} ignoring cache_size");
        }

        RecursionLimit = s.Int("recursion_limit", 1000, 1);
        ExpansionLimit = s.Int("expansion_limit", 0);
        SizeLimit = s.Int("size_limit", ExpansionLimit);
        Dereference = s.Int("dereference", 0);
        if (Dereference is < 0 or > 3)
        {
            _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{Me}: {RawName} Unrecognized value {Dereference} specified for dereference; using 0"));
            Dereference = 0;
        }

        ChaseReferrals = s.Bool("chase_referrals", 0) == 1;
        if (Bind == 2)
        {
            s.Str("sasl_mechs", string.Empty);
            s.Str("sasl_realm", string.Empty);
            s.Str("sasl_authz_id", string.Empty);
            s.Int("sasl_minssf", 0, 0, 4096);
        }

        StartTls = s.Bool("start_tls", 0) == 1;
        if (StartTls && Version < 3)
        {
            _warnings.Add($"{Me}: {RawName} start_tls requires protocol version 3");
            Version = 3;
        }

        LdapTlsRequireCert = s.Bool("tls_require_cert", 0) == 1;
        var tlsFiles = new List<(string, string)>();
        foreach (var n in new[] { "tls_ca_cert_file", "tls_ca_cert_dir", "tls_cert", "tls_key", "tls_random_file", "tls_cipher_suite" })
        {
            if (s.Str(n, string.Empty) is { Length: > 0 } v)
            {
                tlsFiles.Add((n, v));
            }
        }

        LdapTls = tlsFiles;

        s.Int("debuglevel", 0);
    }

    private void ReadMemcache(Func<string, ILookupTable>? openTable, Func<string, byte[]> readFile)
    {
        var s = Settings;
        RawQuery = s.Str("key_format", "%s")!;
        Timeout = s.Int("timeout", 2);
        var ttl = s.Int("ttl", 3600);
        var flags = s.Int("flags", 0);
        var pause = s.Int("retry_pause", 1, 1);
        var tries = s.Int("max_try", 2, 1);
        var line = s.Int("line_size_limit", 1024, 1);
        var data = s.Int("data_size_limit", 10240, 1);
        MemcacheLimits = (ttl, flags, tries, pause, line, data);
        Hosts = [ByteText.ToDisplay(s.Str("memcache", "inet:localhost:11211")!)];
        Backup = Display(s.Str("backup", null));
        ParseTemplate(RawQuery, true);
        ReadDomain(openTable, readFile);
    }

    /// <summary>
    /// The key Postfix searches with: ASCII-lowercased (or, with SMTPUTF8, fully case-folded) unless
    /// <paramref name="fold"/> is false. Byte text.
    /// </summary>
    internal static string FoldKey(string key, bool fold, bool utf8) =>
        !fold ? key : utf8 ? KeyFolding.Fold(key, true) : KeyFolding.LowerAscii(key);
}
