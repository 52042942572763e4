namespace Postfix.Config.Tables.Database;

/// <summary>The LDAP search Postfix sends for a key (<c>ldap_search_ext</c>'s arguments).</summary>
/// <param name="SearchBase">The base DN (<c>search_base</c> expanded, RFC 2253 quoting).</param>
/// <param name="Scope">0 base, 1 one level, 2 subtree.</param>
/// <param name="Filter">The filter (<c>query_filter</c> expanded, RFC 4515 escaping of the key's <c>* ( ) \</c>).</param>
/// <param name="Attributes">The attributes requested: terminal, leaf, regular, then special.</param>
/// <param name="SizeLimit">The size limit (0 = none).</param>
/// <param name="TimeLimit">The time limit in seconds.</param>
public sealed record LdapSearchRequest(string SearchBase, int Scope, string Filter, IReadOnlyList<string> Attributes, int SizeLimit, int TimeLimit);
