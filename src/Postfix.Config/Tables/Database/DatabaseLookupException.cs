namespace Postfix.Config.Tables.Database;

/// <summary>
/// A lookup failed (Postfix's <c>DICT_ERR_RETRY</c>: the server could not be reached, the query failed, the expansion
/// limit was exceeded). This is the third outcome besides "found" and "not found"; Postfix defers the mail.
/// The message never contains a password.
/// </summary>
public sealed class DatabaseLookupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseLookupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DatabaseLookupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DatabaseLookupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
