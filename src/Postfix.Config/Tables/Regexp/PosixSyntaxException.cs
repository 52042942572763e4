namespace Postfix.Config.Tables.Regexp;

/// <summary>A pattern that glibc's <c>regcomp()</c> rejects; the message is <c>regerror()</c>'s text.</summary>
internal sealed class PosixSyntaxException : Exception
{
    public PosixSyntaxException()
    {
    }

    public PosixSyntaxException(string message)
        : base(message)
    {
    }

    public PosixSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public const string BadPattern = "Invalid regular expression";
    public const string BadCollation = "Invalid collation character";
    public const string BadClass = "Invalid character class name";
    public const string TrailingBackslash = "Trailing backslash";
    public const string BadBackReference = "Invalid back reference";
    public const string UnmatchedBracket = "Unmatched [, [^, [:, [., or [=";
    public const string UnmatchedParen = "Unmatched ( or \\(";
    public const string UnmatchedBrace = "Unmatched \\{";
    public const string BadBrace = "Invalid content of \\{\\}";
    public const string BadRange = "Invalid range end";
    public const string BadRepeat = "Invalid preceding regular expression";
    public const string TooBig = "Regular expression too big";
    public const string UnmatchedRightParen = "Unmatched ) or \\)";
}
