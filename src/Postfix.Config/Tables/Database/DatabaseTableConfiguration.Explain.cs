using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables.Database;

/// <content>The key checks and query construction shared by <see cref="Explain(string, ExplainOptions?)"/> and the live tables.</content>
public sealed partial class DatabaseTableConfiguration
{
    /// <summary>
    /// What Postfix does for <paramref name="key"/>: the exact query it would send (SQL text, LDAP search, memcache
    /// command) or why it sends none. Nothing is contacted. For mysql the quoting assumes the server's default
    /// <c>sql_mode</c> unless <see cref="ExplainOptions.MysqlNoBackslashEscapes"/> is set; for pgsql
    /// <c>standard_conforming_strings = on</c> (the default since PostgreSQL 9.1).
    /// </summary>
    /// <param name="key">The lookup key as given to <c>postmap -q</c>.</param>
    /// <param name="options">Folding and SMTPUTF8; null for postmap's defaults.</param>
    /// <exception cref="DatabaseLookupException">A table named in <c>domain</c> failed (Postfix's lookup would fail too).</exception>
    public LookupExplanation Explain(string key, ExplainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Explain(ByteText.FromDisplay(key), key, options);
    }

    /// <summary>Like <see cref="Explain(string, ExplainOptions?)"/> for a key given as bytes (a key need not be UTF-8).</summary>
    /// <param name="key">The key's bytes.</param>
    /// <param name="options">Folding and SMTPUTF8; null for postmap's defaults.</param>
    /// <exception cref="DatabaseLookupException">A table named in <c>domain</c> failed (Postfix's lookup would fail too).</exception>
    public LookupExplanation ExplainBytes(ReadOnlySpan<byte> key, ExplainOptions? options = null)
    {
        var raw = ByteText.FromBytes(key);
        return Explain(raw, ByteText.ToDisplay(raw), options);
    }

    private LookupExplanation Explain(string raw, string key, ExplainOptions? options)
    {
        options ??= new ExplainOptions();
        var warnings = new List<string>();
        var outcome = Prepare(raw, options.FoldCase, options.Utf8, w => warnings.Add(w), out var searchKey);
        string? query = null;
        LdapSearchRequest? ldap = null;
        if (outcome == LookupExplanationOutcome.Query)
        {
            switch (Type)
            {
                case DatabaseTableType.Ldap:
                    var b = BuildLdapBase(searchKey, w => warnings.Add(w));
                    var f = b is null ? null : BuildQuery(searchKey, DbQuoting.LdapFilter, w => warnings.Add(w));
                    if (b is null || f is null)
                    {
                        outcome = LookupExplanationOutcome.MissingKeyPart;
                    }
                    else
                    {
                        query = f;
                        ldap = new LdapSearchRequest(ByteText.ToDisplay(b), Scope, ByteText.ToDisplay(f), Attributes, SizeLimit, Timeout);
                    }

                    break;
                case DatabaseTableType.Memcache:
                    var mk = BuildMemcacheKey(searchKey, out var spaced);
                    if (mk is null)
                    {
                        outcome = LookupExplanationOutcome.MissingKeyPart;
                    }
                    else if (spaced)
                    {
                        outcome = LookupExplanationOutcome.KeyHasSpace;
                    }
                    else
                    {
                        query = "get " + mk;
                    }

                    break;
                default:
                    query = BuildQuery(searchKey, SqlQuote(options.MysqlNoBackslashEscapes), w => warnings.Add(w));
                    if (query is null)
                    {
                        outcome = LookupExplanationOutcome.MissingKeyPart;
                    }

                    break;
            }
        }

        var display = ByteText.ToDisplay(searchKey);
        var reason = outcome switch
        {
            LookupExplanationOutcome.Query => $"{this}: the key {Quote(display)} is sent to the server",
            LookupExplanationOutcome.EmptyKey => $"{this}: an empty key is not looked up",
            LookupExplanationOutcome.NotUtf8 => $"{this}: the key is not valid UTF-8 and is not looked up",
            LookupExplanationOutcome.DomainMismatch => $"{this}: the key {Quote(display)} has no local part, no domain, or a domain not in \"domain = {Domain}\"; not looked up",
            LookupExplanationOutcome.KeyHasSpace => $"{this}: the memcache key {Quote(display)} contains whitespace; not looked up",
            _ => $"{this}: the key {Quote(display)} lacks a part the templates need ({NeededParts()}); not looked up",
        };
        return new LookupExplanation(outcome, key, display, reason, query, ldap, [.. warnings.Select(ByteText.ToDisplay)]);
    }

    private static string Quote(string s) => "\"" + s + "\"";

    private string NeededParts()
    {
        var parts = new List<string>();
        if (Context.NeedsKeyUser)
        {
            parts.Add("a non-empty local part for %u/%U");
        }

        if (Context.NeedsKeyDomain)
        {
            parts.Add(Context.Parts > 0 ? $"a domain with at least {Context.Parts} labels for %{Context.Parts}" : "a domain for %d/%D");
        }

        return string.Join(" and ", parts);
    }

    internal Func<string, string> SqlQuote(bool mysqlNoBackslashEscapes) => Type switch
    {
        DatabaseTableType.Mysql => s => DbQuoting.Mysql(s, mysqlNoBackslashEscapes),
        _ => DbQuoting.DoubleSingleQuotes,
    };

    /// <summary>
    /// The checks before any query: UTF-8, folding, the empty key, the domain list. Returns
    /// <see cref="LookupExplanationOutcome.Query"/> to go on. A failing table in the domain list throws
    /// <see cref="DatabaseLookupException"/>.
    /// </summary>
    internal LookupExplanationOutcome Prepare(string rawKey, bool fold, bool utf8, Action<string>? warn, out string searchKey)
    {
        searchKey = rawKey;
        var typeName = DatabaseTableTypes.Name(Type);
        if (!Utf8Check.IsAscii(rawKey) && !Utf8Check.IsValid(rawKey))
        {
            if (utf8)
            {
                warn?.Invoke($"{typeName}:{RawName}: non-UTF-8 key \"{rawKey}\": malformed UTF-8 or invalid codepoint");
                return LookupExplanationOutcome.NotUtf8;
            }

            if (Type is DatabaseTableType.Sqlite or DatabaseTableType.Ldap)
            {
                return LookupExplanationOutcome.NotUtf8;
            }
        }

        searchKey = FoldKey(rawKey, fold, utf8);
        if (Type == DatabaseTableType.Memcache && searchKey.Length == 0)
        {
            return LookupExplanationOutcome.EmptyKey;
        }

        if (DomainList is not null)
        {
            var at = searchKey.LastIndexOf('@');
            if (at <= 0)
            {
                return LookupExplanationOutcome.DomainMismatch;
            }

            var rc = DomainList.Match(searchKey[(at + 1)..]);
            if (rc < 0)
            {
                if (Type == DatabaseTableType.Mysql)
                {
                    warn?.Invoke($"mysql:{RawName} 'domain' pattern match failed for '{searchKey}'");
                }

                throw new DatabaseLookupException($"{typeName}:{ByteText.ToDisplay(RawName)}: 'domain' table lookup failed");
            }

            if (rc == 0)
            {
                return LookupExplanationOutcome.DomainMismatch;
            }
        }

        if (searchKey.Length == 0)
        {
            warn?.Invoke($"table \"{typeName}:{RawName}\": empty query string -- ignored");
            return LookupExplanationOutcome.EmptyKey;
        }

        return LookupExplanationOutcome.Query;
    }

    /// <summary>The expanded query template (byte text), or null when the key lacks a needed part.</summary>
    internal string? BuildQuery(string searchKey, Func<string, string>? quote, Action<string>? warn)
    {
        var sb = new StringBuilder(RawQuery.Length + searchKey.Length + 16);
        return Context.Expand(RawQuery, searchKey, null, sb, quote, warn, DatabaseTableTypes.Name(Type), RawName) ? sb.ToString() : null;
    }

    /// <summary>ldap: the expanded search base, or null when suppressed.</summary>
    internal string? BuildLdapBase(string searchKey, Action<string>? warn)
    {
        var sb = new StringBuilder();
        return Context.Expand(RawSearchBase, searchKey, null, sb, DbQuoting.LdapDn, warn, "ldap", RawName) ? sb.ToString() : null;
    }

    /// <summary>memcache: the key sent (null when suppressed); <paramref name="hasSpace"/> when it holds ASCII whitespace.</summary>
    internal string? BuildMemcacheKey(string searchKey, out bool hasSpace)
    {
        string? key;
        if (RawQuery == "%s")
        {
            key = searchKey;
        }
        else
        {
            var sb = new StringBuilder();
            key = Context.Expand(RawQuery, searchKey, null, sb, null, null, "memcache", RawName) ? sb.ToString() : null;
        }

        hasSpace = key is not null && key.Any(c => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r');
        return key;
    }

    /// <summary>
    /// Appends one result value expanded through <c>result_format</c>; false when it is skipped (NULL, empty with a
    /// warning, or lacking a part the format needs).
    /// </summary>
    internal bool AddResult(StringBuilder result, string? value, string searchKey, Action<string>? warn) =>
        Context.Expand(RawResultFormat, value, searchKey, result, null, warn, DatabaseTableTypes.Name(Type), RawName);
}
