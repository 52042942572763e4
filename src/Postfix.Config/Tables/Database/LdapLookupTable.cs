namespace Postfix.Config.Tables.Database;

/// <summary><c>ldap:</c> (placeholder until the LDAP client lands).</summary>
internal sealed class LdapLookupTable : DatabaseLookupTable
{
    public LdapLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options)
        : base(configuration, options)
    {
    }

    private protected override DatabaseLookupResult Query(string? searchKey, Action<string>? warn) =>
        DatabaseLookupResult.Failed("Application error");
}
