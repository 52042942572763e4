namespace Postfix.Queue;

/// <summary>
/// A queue listing could not be read in <see cref="QueueReadMode.Strict"/> mode, or a queue file is damaged or truncated.
/// Carries the diagnostic and, for queue files, the byte offset where reading failed.
/// </summary>
public sealed class QueueFormatException : FormatException
{
    /// <summary>Creates the exception for a diagnostic.</summary>
    public QueueFormatException(QueueDiagnostic diagnostic)
        : base(diagnostic?.ToString())
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        Diagnostic = diagnostic;
    }

    /// <summary>Creates the exception for damage in a queue file.</summary>
    /// <param name="message">What is wrong, in Postfix's words (e.g. <c>m01.bin: unexpected EOF in data, record type 78 length 10</c>).</param>
    /// <param name="offset">The byte offset (from the start of the file) of the record that could not be read.</param>
    /// <param name="path">The file, as given to the reader.</param>
    public QueueFormatException(string message, long offset, string? path)
        : base(message)
    {
        Offset = offset;
        Path = path;
        Diagnostic = new QueueDiagnostic("PFQ3001", message, 0, string.Empty);
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

    /// <summary>For a queue file: the byte offset of the record that could not be read; null for a listing.</summary>
    public long? Offset { get; }

    /// <summary>For a queue file: its path as given to the reader (or <c>stdin</c>); null when unknown.</summary>
    public string? Path { get; }
}
