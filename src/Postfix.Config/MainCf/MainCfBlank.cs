using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>An empty or all-whitespace line outside any logical line.</summary>
public sealed class MainCfBlank : MainCfEntry
{
    internal MainCfBlank(string raw, int lineNumber, SourceLocation location)
        : base(raw, lineNumber, 1, location)
    {
    }

    /// <inheritdoc/>
    public override MainCfEntryKind Kind => MainCfEntryKind.Blank;
}
