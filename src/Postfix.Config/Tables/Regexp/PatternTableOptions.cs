namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// Options for <see cref="PatternTableDocument"/>: the dialect (regexp: or pcre:) and the limits for running the
/// expressions (Postfix has none; a library caller needs them).
/// </summary>
public sealed record PatternTableOptions : DocumentOptions
{
    /// <summary>The default options: a regexp: table, 2 s per expression match, 5,000,000 submatch-search steps.</summary>
    public static PatternTableOptions Default { get; } = new();

    /// <summary>Whether the file is read as a regexp: table (the default) or a pcre: table.</summary>
    public PatternTableDialect Dialect { get; init; }

    /// <summary>
    /// The most time one expression may spend on one key. Past it the lookup throws
    /// <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>.
    /// </summary>
    public TimeSpan MatchTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The most steps the POSIX leftmost-longest submatch search (regexp: rules with <c>$n</c>) may take for one
    /// key. Past it the lookup throws <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>.
    /// </summary>
    public long SubmatchStepBudget { get; init; } = 5_000_000;
}
