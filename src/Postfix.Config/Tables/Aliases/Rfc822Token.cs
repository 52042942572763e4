namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// One token of Postfix's RFC 822 scanner (<c>global/tok822_parse.c</c>): an operator byte (its own value, below 256) or
/// one of the multi-byte kinds, with the offset of its first byte in the scanned text. <see cref="Text"/> is byte text: the atom, the unquoted string, the comment with its
/// parentheses, or the domain literal without its brackets.
/// </summary>
internal readonly record struct Rfc822Token(int Type, string Text, int Start)
{
    public const int Atom = 256;
    public const int QuotedString = 257;
    public const int Comment = 258;
    public const int DomainLiteral = 259;

    /// <summary>Whether the token is a word-like token (Postfix's <c>NON_OPERATOR</c>).</summary>
    public bool IsWord => Type >= Atom;
}
