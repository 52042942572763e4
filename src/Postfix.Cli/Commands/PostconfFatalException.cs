namespace Postfix.Cli.Commands;

/// <summary>A postconf fatal error: printed as <c>postconf: fatal: MESSAGE</c>, exit status 1.</summary>
internal sealed class PostconfFatalException : Exception
{
    public PostconfFatalException()
    {
    }

    /// <param name="byteMessage">The message as byte text (one char per byte).</param>
    public PostconfFatalException(string byteMessage)
        : base(byteMessage)
    {
    }

    public PostconfFatalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The message as byte text.</summary>
    public string ByteMessage => Message;
}
