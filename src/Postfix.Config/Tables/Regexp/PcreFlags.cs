namespace Postfix.Config.Tables.Regexp;

/// <summary>PCRE2 compile options that pcre: table flags toggle.</summary>
[Flags]
internal enum PcreFlags
{
    None = 0,
    Caseless = 1,
    Multiline = 2,
    DotAll = 4,
    Extended = 8,
    Anchored = 16,
    DollarEndOnly = 32,
    Ungreedy = 64,
}
