namespace Postfix.Config.Syntax;

/// <summary>How serious a <see cref="Diagnostic"/> is, mirroring what Postfix itself does with the problem.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Informational; Postfix says nothing.</summary>
    Info = 0,

    /// <summary>Postfix logs a warning and carries on (for example it skips the line).</summary>
    Warning = 1,

    /// <summary>Postfix stops with a fatal error.</summary>
    Error = 2,
}
