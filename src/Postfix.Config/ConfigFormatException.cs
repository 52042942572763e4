using Postfix.Config.Syntax;

namespace Postfix.Config;

/// <summary>
/// Thrown by the <c>Parse</c> methods of this library when the input has errors (problems that are fatal in Postfix).
/// The <c>TryParse</c> methods report the same problems as <see cref="Diagnostic"/> values instead.
/// </summary>
public sealed class ConfigFormatException : FormatException
{
    /// <summary>Creates the exception with no diagnostics.</summary>
    public ConfigFormatException()
        : this("The configuration text is not valid.")
    {
    }

    /// <summary>Creates the exception with a message and no diagnostics.</summary>
    /// <param name="message">The message.</param>
    public ConfigFormatException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception from the diagnostics of a failed parse.</summary>
    /// <param name="diagnostics">Every diagnostic of the parse; the message is built from the errors among them.</param>
    public ConfigFormatException(IReadOnlyList<Diagnostic> diagnostics)
        : base(BuildMessage(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every diagnostic of the failed parse (errors and warnings).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string BuildMessage(IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return errors.Count == 0 ? "The configuration text is not valid." : string.Join(Environment.NewLine, errors);
    }
}
