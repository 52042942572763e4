namespace Postfix.Config.Tables.Database;

/// <summary>
/// What Postfix does for one key, without connecting: the folded key, and the exact query (SQL text, LDAP search or
/// memcache command) it would send, or the reason it sends none.
/// </summary>
public sealed class LookupExplanation
{
    internal LookupExplanation(LookupExplanationOutcome outcome, string key, string searchKey, string reason, string? rawQuery, LdapSearchRequest? ldap, IReadOnlyList<string> warnings)
    {
        QueryBytes = rawQuery is null ? null : Syntax.ByteText.ToBytes(rawQuery);
        var query = rawQuery is null ? null : Syntax.ByteText.ToDisplay(rawQuery);
        Outcome = outcome;
        Key = key;
        SearchKey = searchKey;
        Reason = reason;
        Query = query;
        LdapSearch = ldap;
        Warnings = warnings;
    }

    /// <summary>Whether a query is sent, or why not.</summary>
    public LookupExplanationOutcome Outcome { get; }

    /// <summary>Whether a query is sent.</summary>
    public bool SendsQuery => Outcome == LookupExplanationOutcome.Query;

    /// <summary>The key as given.</summary>
    public string Key { get; }

    /// <summary>The key after case folding (what the templates expand).</summary>
    public string SearchKey { get; }

    /// <summary>A sentence saying what happens.</summary>
    public string Reason { get; }

    /// <summary>
    /// SQL: the statement text; memcache: the command (<c>get KEY</c>); ldap: the filter. Null when nothing is sent.
    /// </summary>
    public string? Query { get; }

    /// <summary>The exact bytes of <see cref="Query"/> (a key need not be UTF-8), or null.</summary>
    public IReadOnlyList<byte>? QueryBytes { get; }

    /// <summary>ldap: the search; null for the other types or when nothing is sent.</summary>
    public LdapSearchRequest? LdapSearch { get; }

    /// <summary>The warnings Postfix logs for this key before any query (for example the empty-key warning).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <inheritdoc/>
    public override string ToString() => Query is null ? Reason : Reason + ": " + Query;
}
