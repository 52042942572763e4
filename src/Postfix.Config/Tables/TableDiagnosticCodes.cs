namespace Postfix.Config.Tables;

/// <summary>The PFC30xx–PFC34xx diagnostic codes of lookup tables (documented in docs/diagnostics.md).</summary>
internal static class TableDiagnosticCodes
{
    public const string OrphanLine = "PFC3001";
    public const string ExpectedKeyValue = "PFC3002";
    public const string UnbalancedQuote = "PFC3003";
    public const string AliasFormat = "PFC3004";
    public const string DuplicateEntry = "PFC3005";
    public const string NonUtf8Input = "PFC3006";
    public const string NonUtf8Key = "PFC3007";

    public const string CidrBadPattern = "PFC3101";
    public const string CidrNoResult = "PFC3102";
    public const string CidrNoPattern = "PFC3103";
    public const string CidrEndifGarbage = "PFC3104";
    public const string CidrEndifWithoutIf = "PFC3105";
    public const string CidrIfWithoutEndif = "PFC3106";
    public const string CidrHostBits = "PFC3107";

    public const string AliasNeedNameValue = "PFC3201";
    public const string AliasNotLocal = "PFC3202";
    public const string AliasDuplicate = "PFC3203";

    public const string InlineSyntax = "PFC3301";
    public const string InlineEmpty = "PFC3302";
    public const string InlineNeedNameValue = "PFC3303";

    public const string UnsupportedType = "PFC3401";
    public const string OpenFailed = "PFC3402";
    public const string EmptyResult = "PFC3403";
    public const string DatabaseOlder = "PFC3404";
    public const string DatabaseMissing = "PFC3405";
}
