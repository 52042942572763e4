namespace Postfix.Config.Tables.Database;

/// <summary>Names of the database table types as Postfix writes them (<c>mysql</c>, <c>pgsql</c>, …).</summary>
public static class DatabaseTableTypes
{
    /// <summary>The Postfix name of <paramref name="type"/> (<c>mysql</c>, <c>pgsql</c>, <c>sqlite</c>, <c>ldap</c>, <c>memcache</c>).</summary>
    /// <param name="type">The type.</param>
    public static string Name(DatabaseTableType type) => type switch
    {
        DatabaseTableType.Mysql => "mysql",
        DatabaseTableType.Pgsql => "pgsql",
        DatabaseTableType.Sqlite => "sqlite",
        DatabaseTableType.Ldap => "ldap",
        DatabaseTableType.Memcache => "memcache",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a Postfix table type name; false when it is not one of the five database types.</summary>
    /// <param name="name">The name before the colon of <c>type:name</c>.</param>
    /// <param name="type">The type.</param>
    public static bool TryParse(string? name, out DatabaseTableType type)
    {
        switch (name)
        {
            case "mysql":
                type = DatabaseTableType.Mysql;
                return true;
            case "pgsql":
                type = DatabaseTableType.Pgsql;
                return true;
            case "sqlite":
                type = DatabaseTableType.Sqlite;
                return true;
            case "ldap":
                type = DatabaseTableType.Ldap;
                return true;
            case "memcache":
                type = DatabaseTableType.Memcache;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>
    /// Whether the table name <paramref name="name"/> names a configuration file (it starts with <c>/</c> or <c>.</c>)
    /// rather than a prefix of main.cf parameters (<c>mysql:virtual</c> → <c>virtual_hosts</c>, …).
    /// </summary>
    /// <param name="name">The name after <c>type:</c>.</param>
    public static bool IsFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 0 && (name[0] == '/' || name[0] == '.');
    }
}
