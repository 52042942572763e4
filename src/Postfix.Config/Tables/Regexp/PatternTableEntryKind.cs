namespace Postfix.Config.Tables.Regexp;

/// <summary>What one entry of a regexp: or pcre: table source is.</summary>
public enum PatternTableEntryKind
{
    /// <summary>A blank line.</summary>
    Blank,

    /// <summary>A comment line (first non-blank byte <c>#</c>).</summary>
    Comment,

    /// <summary>A pattern rule with its result (<c>/pattern/flags result</c>).</summary>
    Rule,

    /// <summary>An <c>if /pattern/flags</c> line.</summary>
    If,

    /// <summary>An <c>endif</c> line.</summary>
    EndIf,

    /// <summary>A logical line Postfix ignores (with a warning): bad syntax, a pattern that does not compile, …</summary>
    Skipped,
}
