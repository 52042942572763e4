namespace Postfix.Config.Catalog;

/// <summary>
/// postconf's legacy database parameters (<c>postconf_dbms.c</c>): a value naming <c>ldap:NAME</c>, <c>mysql:NAME</c>,
/// <c>pgsql:NAME</c>, <c>sqlite:NAME</c> or <c>memcache:NAME</c> (NAME not a path) makes <c>NAME_suffix</c> a used
/// parameter for each of the table type's suffixes. The suffix lists are those of Postfix 3.7.11 (no mongodb yet),
/// found by scripts/discover-dbms-suffixes.sh, which asks the real postconf which candidate names it accepts.
/// </summary>
internal static class LegacyDbmsParameters
{
    private static readonly Dictionary<string, string[]> Suffixes = new(StringComparer.Ordinal)
    {
        ["ldap"] =
        [
            "bind",
            "bind_dn",
            "bind_pw",
            "cache",
            "cache_expiry",
            "cache_size",
            "chase_referrals",
            "debuglevel",
            "dereference",
            "domain",
            "expansion_limit",
            "leaf_result_attribute",
            "query_filter",
            "recursion_limit",
            "result_attribute",
            "result_filter",
            "result_format",
            "sasl_authz_id",
            "sasl_mechs",
            "sasl_minssf",
            "sasl_realm",
            "scope",
            "search_base",
            "server_host",
            "server_port",
            "size_limit",
            "special_result_attribute",
            "start_tls",
            "terminal_result_attribute",
            "timeout",
            "tls_ca_cert_dir",
            "tls_ca_cert_file",
            "tls_cert",
            "tls_cipher_suite",
            "tls_key",
            "tls_random_file",
            "tls_require_cert",
            "version",
        ],
        ["mysql"] =
        [
            "additional_conditions",
            "dbname",
            "domain",
            "expansion_limit",
            "hosts",
            "option_file",
            "option_group",
            "password",
            "query",
            "require_result_set",
            "result_format",
            "select_field",
            "table",
            "tls_CAfile",
            "tls_CApath",
            "tls_cert_file",
            "tls_ciphers",
            "tls_key_file",
            "tls_verify_cert",
            "user",
            "where_field",
        ],
        ["pgsql"] =
        [
            "additional_conditions",
            "dbname",
            "domain",
            "expansion_limit",
            "hosts",
            "password",
            "query",
            "result_format",
            "select_field",
            "select_function",
            "table",
            "user",
            "where_field",
        ],
        ["sqlite"] =
        [
            "additional_conditions",
            "dbpath",
            "domain",
            "expansion_limit",
            "query",
            "result_format",
            "select_field",
            "table",
            "where_field",
        ],
        ["memcache"] =
        [
            "backup",
            "data_size_limit",
            "domain",
            "flags",
            "key_format",
            "line_size_limit",
            "max_try",
            "memcache",
            "retry_pause",
            "timeout",
            "ttl",
        ],
    };

    /// <summary>
    /// The candidate names postconf registers for the <c>type:name</c> strings in an expanded value
    /// (<c>pcf_register_dbms_helper</c> of 3.7: tokens split at commas and blanks with <c>{ }</c> kept together,
    /// brace groups searched recursively, <c>proxy:</c> skipped; a name starting with <c>/</c> or <c>.</c> is a client
    /// configuration file or relative path and registers nothing).
    /// </summary>
    /// <param name="expandedValue">The value after <c>$</c> expansion.</param>
    /// <returns>The candidate parameter names, in the order postconf flags them.</returns>
    public static IEnumerable<string> CandidateNames(string expandedValue)
    {
        var found = new List<string>();
        Collect(expandedValue, found, 0);
        return found;
    }

    private static void Collect(string text, List<string> found, int depth)
    {
        // Nesting is bounded by the text itself; the depth check only guards the stack against absurd input.
        if (depth > 100)
        {
            return;
        }

        var pos = 0;
        while (Syntax.BraceGroups.NextToken(text, ref pos, IsSeparator) is { } span)
        {
            var token = text.Substring(span.Start, span.Length);
            if (token[0] == '{')
            {
                var (start, length) = Syntax.BraceGroups.Extract(token, out _);
                Collect(token.Substring(start, length), found, depth + 1);
                continue;
            }

            // split_at(type, ':'), skipping "proxy:" the way proxymap opens the table behind it.
            var type = token;
            string? prefix;
            while (true)
            {
                var colon = type.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    prefix = null;
                    break;
                }

                prefix = type[(colon + 1)..];
                type = type[..colon];
                if (type != "proxy")
                {
                    break;
                }

                type = prefix;
            }

            if (prefix is null || prefix.StartsWith('/') || prefix.StartsWith('.'))
            {
                continue;
            }

            if (prefix.StartsWith('{'))
            {
                var (start, length) = Syntax.BraceGroups.Extract(prefix, out _);
                Collect(prefix.Substring(start, length), found, depth + 1);
                continue;
            }

            if (Suffixes.TryGetValue(type, out var suffixes))
            {
                foreach (var suffix in suffixes)
                {
                    found.Add(prefix + "_" + suffix);
                }
            }
        }
    }

    private static bool IsSeparator(char c) => c is ',' or ' ' or '\t' or '\r' or '\n';
}
