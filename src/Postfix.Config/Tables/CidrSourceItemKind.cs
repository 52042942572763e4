namespace Postfix.Config.Tables;

/// <summary>What a <see cref="CidrSourceItem"/> holds.</summary>
public enum CidrSourceItemKind
{
    /// <summary>A blank line.</summary>
    Blank,

    /// <summary>A comment line.</summary>
    Comment,

    /// <summary>A rule: <c>[!]pattern result</c>.</summary>
    Rule,

    /// <summary>An <c>if [!]pattern</c> line.</summary>
    If,

    /// <summary>An <c>endif</c> line.</summary>
    EndIf,

    /// <summary>A logical line Postfix skips with a warning (kept verbatim).</summary>
    Skipped,
}
