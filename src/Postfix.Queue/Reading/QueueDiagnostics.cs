using Postfix.Config.Syntax;

namespace Postfix.Queue.Reading;

/// <summary>Builds the library's one <see cref="Diagnostic"/> shape for problems in queue listings.</summary>
internal static class QueueDiagnostics
{
    /// <summary>A listing error at a line; the offending line (if any) follows the message after ": ".</summary>
    public static Diagnostic Create(string code, string message, long lineNumber, ReadOnlySpan<char> rawLine, string sourceName) =>
        new(
            DiagnosticSeverity.Error,
            code,
            rawLine.IsEmpty ? message : message + ": " + rawLine.ToString(),
            new SourceLocation(sourceName, (int)Math.Clamp(lineNumber, 0, int.MaxValue), 1));

    /// <summary>The same diagnostic, <paramref name="lineBase"/> lines further down.</summary>
    public static Diagnostic Shift(Diagnostic diagnostic, long lineBase) =>
        lineBase == 0
            ? diagnostic
            : new Diagnostic(diagnostic.Severity, diagnostic.Code, diagnostic.Message, diagnostic.Location with
            {
                Line = (int)Math.Clamp(diagnostic.Location.Line + lineBase, 0, int.MaxValue),
            });
}
