namespace Postfix.Config.Tables.Regexp;

/// <summary>A pattern PCRE2 rejects: the message and offset as <c>pcre2_compile()</c> reports them.</summary>
internal sealed class PcreSyntaxException : Exception
{
    public PcreSyntaxException()
    {
    }

    public PcreSyntaxException(string message)
        : base(message)
    {
    }

    public PcreSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PcreSyntaxException(int offset, string message)
        : base(message)
    {
        Offset = offset;
    }

    public int Offset { get; }
}
