namespace Postfix.Config.Apply;

/// <summary>When a commit runs <c>postfix -c DIR check</c>.</summary>
public enum PostfixCheckMode
{
    /// <summary>When the <c>postfix</c> program can be started; skipped (and said so) when it is not installed.</summary>
    WhenInstalled,

    /// <summary>Always; a missing <c>postfix</c> program fails the commit.</summary>
    Always,

    /// <summary>Never.</summary>
    Never,
}
