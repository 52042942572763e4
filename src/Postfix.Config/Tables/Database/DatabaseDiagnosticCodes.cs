namespace Postfix.Config.Tables.Database;

/// <summary>The PFC37xx diagnostic codes of database table configurations (documented in docs/diagnostics.md).</summary>
internal static class DatabaseDiagnosticCodes
{
    public const string UnusedParameter = "PFC3701";
    public const string ObsoleteParameter = "PFC3702";
    public const string WorldReadablePassword = "PFC3704";
    public const string ProxyNotInReadMaps = "PFC3705";
    public const string ChrootWithoutProxy = "PFC3706";
}
