namespace Postfix.Config.Tables.Regexp;

/// <summary>Limits for running a pattern table's expressions (Postfix has none; a library caller needs them).</summary>
public sealed record PatternTableOptions
{
    /// <summary>The default options: 2 s per expression match, 5,000,000 submatch-search steps.</summary>
    public static PatternTableOptions Default { get; } = new();

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
