namespace Postfix.Config.Expansion;

/// <summary>What one piece of a value is, as Postfix's <c>mac_parse()</c> splits it.</summary>
internal enum MacroTokenKind
{
    /// <summary>Literal text (with <c>$$</c> already turned into <c>$</c>).</summary>
    Literal,

    /// <summary>A macro: the name of <c>$name</c>, or the unparsed text inside <c>${...}</c> or <c>$(...)</c>.</summary>
    Expression,

    /// <summary><c>${</c> or <c>$(</c> without its closing bracket (Postfix: "truncated macro reference").</summary>
    Truncated,

    /// <summary>A <c>$</c> that starts no name or bracket, or an empty bracket (Postfix: "empty macro name").</summary>
    EmptyName,
}

/// <summary>One piece of a value, in byte text.</summary>
/// <param name="Kind">What the piece is.</param>
/// <param name="Text">Literal text or the macro's inner text; empty for the error kinds.</param>
/// <param name="Bracketed">An expression written as <c>${...}</c> or <c>$(...)</c> (not a plain <c>$name</c>).</param>
internal readonly record struct MacroToken(MacroTokenKind Kind, string Text, bool Bracketed = false);
