using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// Lines Postfix cannot use, kept verbatim: a logical line without <c>=</c> or without a name (Postfix stops with a
/// fatal error), or a logical line that starts with whitespace (Postfix warns and skips it).
/// </summary>
public sealed class MainCfUnparsed : MainCfEntry
{
    internal MainCfUnparsed(string raw, int lineNumber, int lineCount, SourceLocation location, Diagnostic diagnostic)
        : base(raw, lineNumber, lineCount, location)
    {
        Diagnostic = diagnostic;
    }

    /// <inheritdoc/>
    public override MainCfEntryKind Kind => MainCfEntryKind.Unparsed;

    /// <summary>Why Postfix cannot use the lines.</summary>
    public Diagnostic Diagnostic { get; }
}
