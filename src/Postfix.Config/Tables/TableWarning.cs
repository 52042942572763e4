using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// One problem found in a table, as a <see cref="Diagnostic"/> and as the exact text Postfix logs after
/// <c>warning: </c> (in byte text, before Postfix's <c>printable()</c> masking).
/// </summary>
internal sealed record TableWarning(Diagnostic Diagnostic, string PostfixByteText)
{
    public static TableWarning Create(DiagnosticSeverity severity, string code, string shortByteText, string postfixByteText, SourceLocation location) =>
        new(new Diagnostic(severity, code, ByteText.ToDisplay(shortByteText), location), postfixByteText);

    /// <summary>The text Postfix prints (masked as <c>printable()</c> does), as a display string.</summary>
    public string PostfixText(bool utf8) => ByteText.ToDisplay(Config.PostfixText.PrintableByteText(PostfixByteText, utf8));
}
