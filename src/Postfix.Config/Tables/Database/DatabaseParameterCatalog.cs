namespace Postfix.Config.Tables.Database;

/// <summary>
/// The parameters each database table type reads (the <c>cfg_get_*</c> calls of Postfix 3.7's <c>dict_mysql.c</c>,
/// <c>dict_pgsql.c</c>, <c>dict_sqlite.c</c>, <c>dict_ldap.c</c>, <c>dict_memcache.c</c> and <c>db_common.c</c>), with
/// their defaults, in the order Postfix reads them. These are exactly the names <c>postconf</c> accepts; any other name
/// draws its <c>unused parameter</c> warning.
/// </summary>
public static class DatabaseParameterCatalog
{
    private static readonly DatabaseParameterInfo[] Sql =
    [
        new("query", DatabaseParameterKind.QueryTemplate, null),
        new("result_format", DatabaseParameterKind.ResultTemplate, "%s", Minimum: 1),
        new("domain", DatabaseParameterKind.List, string.Empty),
        new("expansion_limit", DatabaseParameterKind.Integer, "0"),
        new("table", DatabaseParameterKind.Text, null, IsObsolete: true, Minimum: 1),
        new("select_field", DatabaseParameterKind.Text, null, IsObsolete: true, Minimum: 1),
        new("where_field", DatabaseParameterKind.Text, null, IsObsolete: true, Minimum: 1),
        new("additional_conditions", DatabaseParameterKind.Text, string.Empty, IsObsolete: true),
    ];

    private static readonly DatabaseParameterInfo[] Server =
    [
        new("hosts", DatabaseParameterKind.List, "localhost"),
        new("user", DatabaseParameterKind.Text, string.Empty),
        new("password", DatabaseParameterKind.Secret, string.Empty),
        new("dbname", DatabaseParameterKind.Text, string.Empty, Minimum: 1),
    ];

    private static readonly DatabaseParameterInfo[] MysqlOnly =
    [
        new("option_file", DatabaseParameterKind.Text, null),
        new("option_group", DatabaseParameterKind.Text, "client"),
        new("tls_cert_file", DatabaseParameterKind.Text, null),
        new("tls_key_file", DatabaseParameterKind.Text, null),
        new("tls_CAfile", DatabaseParameterKind.Text, null),
        new("tls_CApath", DatabaseParameterKind.Text, null),
        new("tls_ciphers", DatabaseParameterKind.Text, null),
        new("tls_verify_cert", DatabaseParameterKind.Boolean, null),
        new("require_result_set", DatabaseParameterKind.Boolean, "yes"),
    ];

    private static readonly DatabaseParameterInfo[] MysqlList = [.. Server, .. Sql, .. MysqlOnly];

    private static readonly DatabaseParameterInfo[] PgsqlList =
        [.. Server, .. Sql, new("select_function", DatabaseParameterKind.Text, null, IsObsolete: true)];

    private static readonly DatabaseParameterInfo[] SqliteList =
        [new("dbpath", DatabaseParameterKind.Text, string.Empty, Minimum: 1), .. Sql];

    private static readonly DatabaseParameterInfo[] LdapList =
    [
        new("server_host", DatabaseParameterKind.List, "localhost"),
        new("server_port", DatabaseParameterKind.Integer, "389"),
        new("timeout", DatabaseParameterKind.Integer, "10"),
        new("search_base", DatabaseParameterKind.QueryTemplate, string.Empty),
        new("query_filter", DatabaseParameterKind.QueryTemplate, "(mailacceptinggeneralid=%s)"),
        new("result_format", DatabaseParameterKind.ResultTemplate, "%s", Minimum: 1),
        new("result_filter", DatabaseParameterKind.ResultTemplate, "%s", IsObsolete: true, Minimum: 1),
        new("domain", DatabaseParameterKind.List, string.Empty),
        new("result_attribute", DatabaseParameterKind.List, "maildrop"),
        new("special_result_attribute", DatabaseParameterKind.List, string.Empty),
        new("terminal_result_attribute", DatabaseParameterKind.List, string.Empty),
        new("leaf_result_attribute", DatabaseParameterKind.List, string.Empty),
        new("scope", DatabaseParameterKind.Text, "sub"),
        new("bind", DatabaseParameterKind.Text, "yes"),
        new("bind_dn", DatabaseParameterKind.Text, string.Empty),
        new("bind_pw", DatabaseParameterKind.Secret, string.Empty),
        new("cache", DatabaseParameterKind.Boolean, "no", IsObsolete: true),
        new("cache_expiry", DatabaseParameterKind.Integer, "30", IsObsolete: true),
        new("cache_size", DatabaseParameterKind.Integer, "32768", IsObsolete: true),
        new("recursion_limit", DatabaseParameterKind.Integer, "1000", Minimum: 1),
        new("expansion_limit", DatabaseParameterKind.Integer, "0"),
        new("size_limit", DatabaseParameterKind.Integer, null),
        new("dereference", DatabaseParameterKind.Integer, "0"),
        new("chase_referrals", DatabaseParameterKind.Boolean, "no"),
        new("version", DatabaseParameterKind.Integer, "3", Minimum: 2),
        new("debuglevel", DatabaseParameterKind.Integer, "0"),
        new("sasl_mechs", DatabaseParameterKind.Text, string.Empty),
        new("sasl_realm", DatabaseParameterKind.Text, string.Empty),
        new("sasl_authz_id", DatabaseParameterKind.Text, string.Empty),
        new("sasl_minssf", DatabaseParameterKind.Integer, "0"),
        new("start_tls", DatabaseParameterKind.Boolean, "no"),
        new("tls_require_cert", DatabaseParameterKind.Boolean, "no"),
        new("tls_ca_cert_file", DatabaseParameterKind.Text, string.Empty),
        new("tls_ca_cert_dir", DatabaseParameterKind.Text, string.Empty),
        new("tls_cert", DatabaseParameterKind.Text, string.Empty),
        new("tls_key", DatabaseParameterKind.Text, string.Empty),
        new("tls_random_file", DatabaseParameterKind.Text, string.Empty),
        new("tls_cipher_suite", DatabaseParameterKind.Text, string.Empty),
    ];

    private static readonly DatabaseParameterInfo[] MemcacheList =
    [
        new("memcache", DatabaseParameterKind.Text, "inet:localhost:11211"),
        new("backup", DatabaseParameterKind.Text, null),
        new("key_format", DatabaseParameterKind.QueryTemplate, "%s"),
        new("ttl", DatabaseParameterKind.Integer, "3600"),
        new("flags", DatabaseParameterKind.Integer, "0"),
        new("timeout", DatabaseParameterKind.Integer, "2"),
        new("max_try", DatabaseParameterKind.Integer, "2", Minimum: 1),
        new("line_size_limit", DatabaseParameterKind.Integer, "1024", Minimum: 1),
        new("data_size_limit", DatabaseParameterKind.Integer, "10240", Minimum: 1),
        new("retry_pause", DatabaseParameterKind.Integer, "1", Minimum: 1),
        new("domain", DatabaseParameterKind.List, string.Empty),
    ];

    /// <summary>The parameters of <paramref name="type"/>.</summary>
    /// <param name="type">The table type.</param>
    public static IReadOnlyList<DatabaseParameterInfo> For(DatabaseTableType type) => type switch
    {
        DatabaseTableType.Mysql => MysqlList,
        DatabaseTableType.Pgsql => PgsqlList,
        DatabaseTableType.Sqlite => SqliteList,
        DatabaseTableType.Ldap => LdapList,
        DatabaseTableType.Memcache => MemcacheList,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The parameter <paramref name="name"/> of <paramref name="type"/>, or null when Postfix does not read it.</summary>
    /// <param name="type">The table type.</param>
    /// <param name="name">The parameter name (case-sensitive, as in Postfix).</param>
    public static DatabaseParameterInfo? Find(DatabaseTableType type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var p in For(type))
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                return p;
            }
        }

        return null;
    }
}
