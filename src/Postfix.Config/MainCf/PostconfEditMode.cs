namespace Postfix.Config.MainCf;

/// <summary>The three main.cf edits of <c>postconf</c>.</summary>
public enum PostconfEditMode
{
    /// <summary><c>postconf -e name=value…</c>: replace every definition of each name, append the names not found.</summary>
    Set,

    /// <summary><c>postconf -X name…</c>: remove every definition of each name.</summary>
    Remove,

    /// <summary><c>postconf -# name…</c>: comment out every definition of each name.</summary>
    CommentOut,
}
