using System.Globalization;

namespace Postfix.Config.Syntax;

/// <summary>
/// One problem found in a configuration file: where it is, how serious Postfix considers it, a stable code
/// (documented in <c>docs/diagnostics.md</c>) and a message in Postfix's own words where Postfix has some.
/// </summary>
public sealed class Diagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    /// <param name="severity">How serious the problem is.</param>
    /// <param name="code">The stable code, for example <c>PFC1001</c>.</param>
    /// <param name="message">The message, in Postfix's words where Postfix reports the same problem.</param>
    /// <param name="location">Where the problem starts.</param>
    public Diagnostic(DiagnosticSeverity severity, string code, string message, SourceLocation location)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);
        Severity = severity;
        Code = code;
        Message = message;
        Location = location;
    }

    /// <summary>How serious the problem is.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>The stable diagnostic code.</summary>
    public string Code { get; }

    /// <summary>The human-readable message.</summary>
    public string Message { get; }

    /// <summary>Where the problem starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>Formats the diagnostic as <c>main.cf(12,5): warning PFC1003: message</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Location}: {SeverityWord(Severity)} {Code}: {Message}");

    private static string SeverityWord(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
