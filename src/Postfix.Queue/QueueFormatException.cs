using Postfix.Config.Syntax;

namespace Postfix.Queue;

/// <summary>
/// A queue listing could not be read in <see cref="QueueReadMode.Strict"/> mode, or a queue file is damaged or
/// truncated. Carries the diagnostic (code, message, and location; for queue files the byte offset).
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

    /// <summary>Creates the exception for damage in a queue file.</summary>
    /// <param name="message">What is wrong, in Postfix's words (e.g. <c>m01.bin: unexpected EOF in data, record type 78 length 10</c>).</param>
    /// <param name="offset">The byte offset (from the start of the file) of the record that could not be read.</param>
    /// <param name="path">The file, as given to the reader.</param>
    public QueueFormatException(string message, long offset, string? path)
        : base(message)
    {
        Offset = offset;
        Path = path;
        Diagnostic = new(DiagnosticSeverity.Error, "PFQ3001", message, new SourceLocation(path ?? "stdin", 1, (int)Math.Clamp(offset + 1, 1, int.MaxValue), (int)Math.Clamp(offset, 0, int.MaxValue)));
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

    /// <summary>For a queue file: the byte offset of the record that could not be read; null for a listing.</summary>
    public long? Offset { get; }

    /// <summary>For a queue file: its path as given to the reader (or <c>stdin</c>); null when unknown.</summary>
    public string? Path { get; }

    private static Diagnostic General(string message) =>
        new(DiagnosticSeverity.Error, "PFQ0000", message, new SourceLocation(QueueReaderOptions.DefaultSourceName, 0, 0));
}
