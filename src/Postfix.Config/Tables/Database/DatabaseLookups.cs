using System.Diagnostics.CodeAnalysis;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// The feature switch <c>Postfix.Config.DatabaseLookups.IsSupported</c>. An application that never queries a live
/// database table (mysql, pgsql, sqlite, ldap, memcache) can turn it off when it is trimmed or compiled with Native AOT:
/// <c>&lt;RuntimeHostConfigurationOption Include="Postfix.Config.DatabaseLookups.IsSupported" Value="false"
/// Trim="true" /&gt;</c>. The trimmer then drops the database drivers (Npgsql, MySqlConnector, SQLite, the ldap and
/// memcache clients) from the image, and opening such a table fails the way Postfix does when it was built without the
/// type: <c>unsupported dictionary type: mysql</c>. Parsing, editing and checking the tables' configuration files keeps
/// working. postfix-net's short-command image is built this way (docs/native.md). The trimmer honours the switch from
/// .NET 9 on (<c>FeatureSwitchDefinition</c>); in the net8.0 build it turns the lookups off without trimming.
/// </summary>
internal static class DatabaseLookups
{
    private const string Switch = "Postfix.Config.DatabaseLookups.IsSupported";

    /// <summary>Whether live database lookups are part of this build (true unless the switch is set to false).</summary>
#if NET9_0_OR_GREATER
    [FeatureSwitchDefinition(Switch)]
#endif
    internal static bool IsSupported => !AppContext.TryGetSwitch(Switch, out var on) || on;
}
