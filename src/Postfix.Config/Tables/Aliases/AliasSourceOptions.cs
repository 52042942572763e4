namespace Postfix.Config.Tables.Aliases;

/// <summary>Options for <see cref="AliasSource"/>.</summary>
public sealed record AliasSourceOptions : DocumentOptions
{
    /// <summary>
    /// Whether SMTPUTF8 is active (main.cf <c>smtputf8_enable</c>): lines that are not UTF-8 are then skipped with
    /// postalias's warning, and names fold as UTF-8. Off by default.
    /// </summary>
    public bool Utf8 { get; init; }

    /// <summary>
    /// Whether names that differ only in case are the same name for <see cref="AliasSource.GetValue"/> and the edits
    /// (postalias folds names unless <c>-f</c>). On by default.
    /// </summary>
    public bool FoldCase { get; init; } = true;
}
