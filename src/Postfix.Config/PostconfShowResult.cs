using Postfix.Config.Syntax;

namespace Postfix.Config;

/// <summary>
/// What one of postconf's displays computed (<see cref="MainCf.PostconfMain"/>, <see cref="MasterCf.PostconfMaster"/>):
/// the text postconf prints, and postconf's warnings and fatal error as diagnostics, in the order postconf reports them.
/// </summary>
public sealed class PostconfShowResult
{
    internal PostconfShowResult(byte[] output, IReadOnlyList<Diagnostic> diagnostics)
    {
        Output = output;
        Diagnostics = diagnostics;
    }

    /// <summary>
    /// The display, byte for byte as postconf formats it. When postconf stops with an error, the text computed
    /// before the error (how much of it postconf's buffered standard output shows is up to the caller).
    /// </summary>
    public ReadOnlyMemory<byte> Output { get; }

    /// <summary>
    /// postconf's warnings (<see cref="DiagnosticSeverity.Warning"/>) and, last, the error that stopped it
    /// (<see cref="DiagnosticSeverity.Error"/>), in its words and order; the <c>postconf: warning:</c> prefix is not
    /// part of the message.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether postconf would have stopped with an error (the last diagnostic).</summary>
    public bool HasErrors => Diagnostics.Count > 0 && Diagnostics[^1].Severity == DiagnosticSeverity.Error;

    /// <summary>Builds a result from byte-text warnings and fatal message.</summary>
    internal static PostconfShowResult FromRaw(
        string output, IEnumerable<string> rawWarnings, string? rawFatal, string warningCode, string errorCode, SourceLocation location)
    {
        var diagnostics = rawWarnings
            .Select(w => new Diagnostic(DiagnosticSeverity.Warning, warningCode, ByteText.ToDisplay(w), location))
            .ToList();
        if (rawFatal is not null)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, errorCode, ByteText.ToDisplay(rawFatal), location));
        }

        return new PostconfShowResult(ByteText.ToBytes(output), diagnostics);
    }
}
