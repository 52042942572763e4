namespace Postfix.Queue;

/// <summary>A queue listing could not be read in <see cref="QueueReadMode.Strict"/> mode. Carries the diagnostic.</summary>
public sealed class QueueFormatException : FormatException
{
    /// <summary>Creates the exception for a diagnostic.</summary>
    public QueueFormatException(QueueDiagnostic diagnostic)
        : base(diagnostic?.ToString())
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        Diagnostic = diagnostic;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public QueueFormatException()
        : this(new QueueDiagnostic("PFQ0000", "malformed queue listing", 0, string.Empty))
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public QueueFormatException(string message)
        : this(new QueueDiagnostic("PFQ0000", message, 0, string.Empty))
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public QueueFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostic = new QueueDiagnostic("PFQ0000", message, 0, string.Empty);
    }

    /// <summary>What was wrong, and where.</summary>
    public QueueDiagnostic Diagnostic { get; }
}
