namespace Postfix.Config.IO;

/// <summary>A save was refused because the file changed on disk after it was loaded.</summary>
public sealed class FileChangedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public FileChangedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public FileChangedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FileChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
