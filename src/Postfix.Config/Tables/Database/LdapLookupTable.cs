namespace Postfix.Config.Tables.Database;

/// <summary>
/// <c>ldap:</c> live lookups are not implemented yet: the configuration is read and
/// <see cref="DatabaseTableConfiguration.Explain(string, ExplainOptions?)"/> gives the exact search, but opening the
/// table for lookups fails rather than answering wrongly.
/// </summary>
internal sealed class LdapLookupTable : DatabaseLookupTable
{
    public LdapLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options)
        : base(configuration, options) =>
        throw new LookupTableOpenException($"ldap:{configuration.Name}: live LDAP lookups are not implemented in postfix-net yet (DatabaseTableConfiguration.Explain gives the search Postfix sends)");

    private protected override DatabaseLookupResult Query(string? searchKey, Action<string>? warn) =>
        DatabaseLookupResult.Failed("Application error");
}
