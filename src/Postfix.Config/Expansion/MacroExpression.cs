namespace Postfix.Config.Expansion;

/// <summary>
/// The parsed form of the text inside one macro (<c>name</c>, <c>name?text</c>, <c>{a} == {b} ? {x} : {y}</c>, …).
/// Operand texts stay unparsed, because Postfix expands only the operand that the condition selects (so a syntax
/// error in the other operand goes unnoticed, exactly as in Postfix).
/// </summary>
internal abstract class MacroExpression
{
    protected MacroExpression(IReadOnlyList<MacroStep> steps) => Steps = steps;

    /// <summary>What happens after the head (a name lookup or a comparison) has produced its value.</summary>
    public IReadOnlyList<MacroStep> Steps { get; }
}

/// <summary><c>name</c>, optionally followed by <c>?</c>/<c>:</c> operands.</summary>
internal sealed class NamedMacroExpression(string name, IReadOnlyList<MacroStep> steps) : MacroExpression(steps)
{
    public string Name { get; } = name;
}

/// <summary><c>{left} OP[suffix] {right}</c>, optionally followed by <c>?</c>/<c>:</c> operands.</summary>
internal sealed class RelationalMacroExpression(
    string left,
    RelationalOperator op,
    string? suffix,
    string right,
    IReadOnlyList<MacroStep> steps) : MacroExpression(steps)
{
    public string Left { get; } = left;

    public RelationalOperator Operator { get; } = op;

    /// <summary>The operator suffix (<c>level</c>), or null for a plain comparison.</summary>
    public string? Suffix { get; } = suffix;

    public string Right { get; } = right;
}

/// <summary>An expression whose head is malformed: Postfix reports <see cref="Message"/> before doing anything.</summary>
internal sealed class MalformedMacroExpression(string message) : MacroExpression([])
{
    public string Message { get; } = message;
}

/// <summary>The relational operators of Postfix 3.0+.</summary>
internal enum RelationalOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    GreaterOrEqual,
    Greater,
}

/// <summary>One step after the head of an expression, run in order.</summary>
internal abstract class MacroStep
{
    /// <summary>No <c>?</c> or <c>:</c>: the value itself is used (expanded again when recursion is on).</summary>
    public static readonly MacroStep UseValue = new UseValueStep();

    private sealed class UseValueStep : MacroStep;
}

/// <summary>The operand after <c>?</c>: expanded when the value is non-empty.</summary>
internal sealed class IfTrueStep(string text) : MacroStep
{
    public string Text { get; } = text;
}

/// <summary>The operand after <c>:</c>: expanded when the value is undefined or empty.</summary>
internal sealed class IfFalseStep(string text) : MacroStep
{
    public string Text { get; } = text;
}

/// <summary>A syntax error that Postfix only finds at this point of the evaluation.</summary>
internal sealed class ErrorStep(string message) : MacroStep
{
    public string Message { get; } = message;
}
