using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>A comment line outside any logical line (comment lines inside a continued value belong to that parameter).</summary>
public sealed class MainCfComment : MainCfEntry
{
    internal MainCfComment(string raw, int lineNumber, SourceLocation location)
        : base(raw, lineNumber, 1, location)
    {
    }

    /// <inheritdoc/>
    public override MainCfEntryKind Kind => MainCfEntryKind.Comment;
}
