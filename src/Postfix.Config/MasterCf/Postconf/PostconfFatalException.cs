namespace Postfix.Config.MasterCf.Postconf;

/// <summary>A problem on which the real postconf stops with <c>postconf: fatal: …</c>; caught by the public entry points.</summary>
internal sealed class PostconfFatalException : Exception
{
    public PostconfFatalException()
    {
    }

    public PostconfFatalException(string message)
        : base(message)
    {
    }

    public PostconfFatalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
