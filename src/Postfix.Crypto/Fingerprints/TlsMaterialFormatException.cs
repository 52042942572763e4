namespace Postfix.Crypto.Fingerprints;

/// <summary>
/// Input that is not a certificate, chain or key Postfix.Crypto can fingerprint. The message names the source, the
/// line (for PEM) and what is wrong. This is the only exception <see cref="TlsMaterialReader"/> throws for bad input.
/// </summary>
public sealed class TlsMaterialFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public TlsMaterialFormatException()
        : this("invalid certificate or key")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TlsMaterialFormatException(string message)
        : base(message)
    {
        SourceName = string.Empty;
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public TlsMaterialFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
    }

    /// <summary>Creates the exception for a place in a source.</summary>
    public TlsMaterialFormatException(string sourceName, int line, string problem, Exception? innerException = null)
        : base(line > 0 ? $"{sourceName}({line}): {problem}" : $"{sourceName}: {problem}", innerException)
    {
        SourceName = sourceName;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file or source name given to the reader.</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the PEM block at fault; 0 for DER input or the whole file.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Problem { get; } = string.Empty;
}
