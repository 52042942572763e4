namespace Postfix.Config.Tables;

/// <summary>What a table does with a second entry for a key it already has (postmap's <c>-r</c>/<c>-w</c> flags).</summary>
public enum DuplicateKeyMode
{
    /// <summary>The first entry wins and Postfix warns <c>duplicate entry: "key"</c> (postmap's default).</summary>
    Warn,

    /// <summary>The last entry wins, silently (<c>postmap -r</c>).</summary>
    Replace,

    /// <summary>The first entry wins, silently (<c>postmap -w</c>).</summary>
    Ignore,

    /// <summary>
    /// No duplicate flag at all, as when a Postfix daemon opens a <c>texthash:</c> table: a duplicate makes the whole
    /// table fail (every lookup is an error).
    /// </summary>
    Fail,
}
