namespace Postfix.Config.Tables.Database;

/// <summary>The five database-backed lookup table types whose configuration uses main.cf syntax.</summary>
public enum DatabaseTableType
{
    /// <summary><c>mysql:</c> (mysql_table(5)).</summary>
    Mysql,

    /// <summary><c>pgsql:</c> (pgsql_table(5)).</summary>
    Pgsql,

    /// <summary><c>sqlite:</c> (sqlite_table(5)).</summary>
    Sqlite,

    /// <summary><c>ldap:</c> (ldap_table(5)).</summary>
    Ldap,

    /// <summary><c>memcache:</c> (memcache_table(5)).</summary>
    Memcache,
}
