namespace Postfix.Config.Tables.Database;

/// <summary>The PFC35xx diagnostic codes of database table configurations (documented in docs/diagnostics.md).</summary>
internal static class DatabaseDiagnosticCodes
{
    public const string UnusedParameter = "PFC3501";
    public const string ObsoleteParameter = "PFC3502";
    public const string OverridingEntry = "PFC3503";
    public const string WorldReadablePassword = "PFC3504";
    public const string ProxyNotInReadMaps = "PFC3505";
    public const string ChrootWithoutProxy = "PFC3506";
    public const string OpenError = "PFC3507";
}
