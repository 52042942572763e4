namespace Postfix.Config.Tables;

/// <summary>Options for <see cref="PostmapSource"/>.</summary>
public sealed record PostmapSourceOptions : DocumentOptions
{
    /// <summary>
    /// Whether SMTPUTF8 is active (main.cf <c>smtputf8_enable</c>): lines that are not UTF-8 are then skipped with
    /// Postfix's warning, and keys fold as UTF-8. Off by default.
    /// </summary>
    public bool Utf8 { get; init; }

    /// <summary>
    /// Whether keys that differ only in case are the same key for <see cref="PostmapSource.GetValue"/> and the edits
    /// (<c>postmap</c> folds keys unless <c>-f</c>). On by default.
    /// </summary>
    public bool FoldCase { get; init; } = true;
}
