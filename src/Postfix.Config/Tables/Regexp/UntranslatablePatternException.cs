namespace Postfix.Config.Tables.Regexp;

/// <summary>A pattern Postfix accepts but this library cannot run with the same meaning.</summary>
internal sealed class UntranslatablePatternException : Exception
{
    public UntranslatablePatternException()
    {
    }

    public UntranslatablePatternException(string message)
        : base(message)
    {
    }

    public UntranslatablePatternException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
