namespace Postfix.Config.Tables.Database;

/// <summary>How a key is looked up (postmap's flags and main.cf settings) and what the server is assumed to do.</summary>
public sealed record ExplainOptions
{
    /// <summary>Lowercase the key first (default; <c>postmap -f</c> turns it off).</summary>
    public bool FoldCase { get; init; } = true;

    /// <summary>SMTPUTF8 is active (<c>smtputf8_enable = yes</c>): non-UTF-8 keys are refused, UTF-8 keys are case-folded fully.</summary>
    public bool Utf8 { get; init; }

    /// <summary>mysql: the server runs with <c>sql_mode</c> <c>NO_BACKSLASH_ESCAPES</c> (then only <c>'</c> is doubled).</summary>
    public bool MysqlNoBackslashEscapes { get; init; }
}
