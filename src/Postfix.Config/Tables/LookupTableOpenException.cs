namespace Postfix.Config.Tables;

/// <summary>
/// A table cannot be opened. The message is what Postfix reports (after <c>fatal: </c>), for example
/// <c>unsupported dictionary type: foo</c> or <c>open /etc/postfix/access: No such file or directory</c>.
/// </summary>
public sealed class LookupTableOpenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LookupTableOpenException()
    {
    }

    /// <summary>Creates the exception with Postfix's message.</summary>
    /// <param name="message">The message.</param>
    public LookupTableOpenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with Postfix's message and the cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LookupTableOpenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
