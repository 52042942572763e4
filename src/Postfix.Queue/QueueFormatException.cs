using Postfix.Config.Syntax;

namespace Postfix.Queue;

/// <summary>
/// A queue listing could not be read in <see cref="QueueReadMode.Strict"/> mode. Carries the diagnostic (code,
/// message with the offending line, and location).
/// </summary>
public sealed class QueueFormatException : FormatException
{
    /// <summary>Creates the exception for a diagnostic.</summary>
    /// <param name="diagnostic">What was wrong, and where.</param>
    public QueueFormatException(Diagnostic diagnostic)
        : base(diagnostic?.ToString())
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        Diagnostic = diagnostic;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public QueueFormatException()
        : this("malformed queue listing")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What was wrong.</param>
    public QueueFormatException(string message)
        : this(General(message))
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public QueueFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostic = General(message);
    }

    /// <summary>What was wrong, and where.</summary>
    public Diagnostic Diagnostic { get; }

    private static Diagnostic General(string message) =>
        new(DiagnosticSeverity.Error, "PFQ0000", message, new SourceLocation(QueueReaderOptions.DefaultSourceName, 0, 0));
}
