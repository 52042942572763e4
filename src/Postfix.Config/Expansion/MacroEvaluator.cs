using System.Runtime.CompilerServices;
using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.Expansion;

/// <summary>
/// Runs parsed macros the way Postfix's <c>mac_expand()</c> does, including its order of evaluation and error
/// reporting, its nesting counter (limit 100) and <c>$$</c> being consumed once per level. All text is byte text.
/// </summary>
internal sealed class MacroEvaluator
{
    private const int NestingLimit = 100;

    /// <summary>
    /// A guard Postfix lacks: relational operands start a fresh nesting counter in Postfix, so a value that compares
    /// itself (<c>a = ${{$a}=={x}}</c>) recurses until postconf crashes. We stop with the nesting error instead.
    /// </summary>
    private const int TotalDepthLimit = 1000;

    /// <summary>
    /// A second guard Postfix lacks: the depth limits bound how deep an expansion goes, not how wide. Values that
    /// reference each other more than once (<c>c = $d $d</c>, <c>d = ${{$c}=={x}}</c>, found by the expand fuzz target)
    /// branch at every level, so the work doubles per level and never ends in practice; postconf 3.7.11 crashes on the
    /// same file (SIGSEGV). One top-level expansion may run this many macro calls; then it stops with the nesting error.
    /// The values of real configurations take at most a few hundred.
    /// </summary>
    private const int CallLimit = 10_000;

    /// <summary>The same budget for the text an expansion appends (bytes, all nested results together).</summary>
    private const long AppendLimit = 4L * 1024 * 1024;

    private readonly Func<string, string?> lookup;
    private readonly ExpansionOptions options;
    private readonly bool scan;
    private readonly List<Diagnostic> diagnostics = [];
    private readonly List<string> referenced = [];
    private readonly HashSet<string> referencedSet = new(StringComparer.Ordinal);
    private int totalDepth;
    private int calls;
    private long appended;
    private bool exhausted;

    public MacroEvaluator(Func<string, string?> lookup, ExpansionOptions options, bool scan)
    {
        this.lookup = lookup;
        this.options = options;
        this.scan = scan;
    }

    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics;

    public IReadOnlyList<string> ReferencedNames => referenced;

    /// <summary><c>mac_expand()</c>: a fresh context (result, status, nesting level) over <paramref name="pattern"/>.</summary>
    public Status Expand(string pattern, StringBuilder result)
    {
        var context = new Context(result);
        Parse(pattern, context);
        return context.Status;
    }

    [Flags]
    public enum Status
    {
        None = 0,
        Undefined = 1,
        Error = 2,
    }

    private sealed class Context(StringBuilder result)
    {
        public StringBuilder Result { get; } = result;

        public Status Status { get; set; }

        public int Level { get; set; }
    }

    /// <summary><c>mac_parse()</c>: hands each literal and macro to the callback, stops at a scanning error.</summary>
    private void Parse(string text, Context context)
    {
        // mac_parse() ORs every callback's status into its own; once that has the error bit it still hands over
        // literal text and plain $name, but stops before a ${...} or $(...) and drops the trailing literal.
        var failed = false;
        var tokens = MacroGrammar.Tokenize(text);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case MacroTokenKind.Literal when failed && i == tokens.Length - 1:
                    return;
                case MacroTokenKind.Expression when failed && token.Bracketed:
                    return;
                case MacroTokenKind.Literal:
                case MacroTokenKind.Expression:
                    Callback(token, context);
                    failed |= (context.Status & Status.Error) != 0;
                    break;
                case MacroTokenKind.Truncated:
                    Error(context, ExpansionDiagnosticCodes.TruncatedReference, $"truncated macro reference: \"{text}\"");
                    return;
                default:
                    Error(context, ExpansionDiagnosticCodes.EmptyName, $"empty macro name: \"{text}\"");
                    return;
            }
        }
    }

    /// <summary><c>mac_expand_callback()</c>.</summary>
    private void Callback(MacroToken token, Context context)
    {
        if (context.Level++ > NestingLimit)
        {
            Error(context, ExpansionDiagnosticCodes.NestingTooDeep, $"unreasonable macro call nesting: \"{token.Text}\"");
        }

        if ((context.Status & Status.Error) != 0)
        {
            return;
        }

        if (exhausted || ++calls > CallLimit || appended > AppendLimit)
        {
            // Reported once; every later call fails silently, so the error unwinds every level quickly.
            if (!exhausted)
            {
                exhausted = true;
                Error(context, ExpansionDiagnosticCodes.NestingTooDeep, $"unreasonable macro call nesting: \"{token.Text}\"");
            }
            else
            {
                context.Status |= Status.Error;
            }

            return;
        }

        if (token.Kind == MacroTokenKind.Literal)
        {
            if (!scan)
            {
                context.Result.Append(token.Text);
                appended += token.Text.Length;
            }

            context.Level--;
            return;
        }

        if (++totalDepth > TotalDepthLimit || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Error(context, ExpansionDiagnosticCodes.NestingTooDeep, $"unreasonable macro call nesting: \"{token.Text}\"");
            totalDepth--;
            return;
        }

        try
        {
            if (Evaluate(MacroGrammar.ParseExpression(token.Text, options.CompatibilityLevelOperators), context))
            {
                context.Level--;
            }
        }
        finally
        {
            totalDepth--;
        }
    }

    /// <summary>Runs one expression; false when it stopped with an error (Postfix then skips its level decrement).</summary>
    private bool Evaluate(MacroExpression expression, Context context)
    {
        string? value;
        switch (expression)
        {
            case MalformedMacroExpression malformed:
                Error(context, CodeOf(malformed.Message), malformed.Message);
                return false;
            case RelationalMacroExpression relational:
                if (!Compare(relational, context, out value))
                {
                    return false;
                }

                break;
            case NamedMacroExpression named:
                value = Lookup(named.Name);
                break;
            default:
                throw new InvalidOperationException("unknown expression kind");
        }

        foreach (var step in expression.Steps)
        {
            switch (step)
            {
                case IfTrueStep ifTrue:
                    if (!string.IsNullOrEmpty(value) || scan)
                    {
                        Parse(ifTrue.Text, context);
                    }

                    break;
                case IfFalseStep ifFalse:
                    if (string.IsNullOrEmpty(value) || scan)
                    {
                        Parse(ifFalse.Text, context);
                    }

                    break;
                case ErrorStep error:
                    Error(context, CodeOf(error.Message), error.Message);
                    return false;
                default:
                    if (value is null)
                    {
                        context.Status |= Status.Undefined;
                    }
                    else if (value.Length == 0 || scan)
                    {
                        // Nothing to insert.
                    }
                    else if (options.Recursive)
                    {
                        Parse(value, context);
                    }
                    else
                    {
                        context.Result.Append(value);
                        appended += value.Length;
                    }

                    break;
            }
        }

        return true;
    }

    private string? Lookup(string name)
    {
        if (referencedSet.Add(name))
        {
            referenced.Add(ByteText.ToDisplay(name));
        }

        if (scan)
        {
            return null;
        }

        var value = lookup(ByteText.ToDisplay(name));
        return value is null ? null : ByteText.FromDisplay(value);
    }

    /// <summary><c>mac_exp_parse_relational()</c>'s evaluation half: expand both operands, then compare.</summary>
    private bool Compare(RelationalMacroExpression relational, Context context, out string? value)
    {
        value = null;
        var left = new StringBuilder();
        var right = new StringBuilder();
        context.Status |= Expand(relational.Left, left);
        context.Status |= Expand(relational.Right, right);
        if (!scan)
        {
            var outcome = relational.Suffix is null
                ? CompareValues(left.ToString(), relational.Operator, right.ToString(), context)
                : CompareLevels(left.ToString(), relational.Operator, right.ToString(), context);
            if (outcome is { } isTrue)
            {
                value = isTrue ? "true" : string.Empty;
            }
        }

        return (context.Status & Status.Error) == 0;
    }

    /// <summary><c>mac_exp_eval()</c>: numeric when both sides are all digits, else <c>strcmp()</c>.</summary>
    private bool? CompareValues(string left, RelationalOperator op, string right, Context context)
    {
        long delta;
        if (IsAllDigits(left) && IsAllDigits(right))
        {
            if (!TryParseDecimal(left, out var l))
            {
                Error(context, ExpansionDiagnosticCodes.BadNumber, $"mac_exp_eval: bad conversion: {left}");
                return null;
            }

            if (!TryParseDecimal(right, out var r))
            {
                Error(context, ExpansionDiagnosticCodes.BadNumber, $"mac_exp_eval: bad conversion: {right}");
                return null;
            }

            delta = l - r;
        }
        else
        {
            delta = string.CompareOrdinal(left, right);
        }

        return Decide(op, delta);
    }

    /// <summary><c>compat_relop_eval()</c>: both sides parsed as compatibility levels.</summary>
    private bool? CompareLevels(string left, RelationalOperator op, string right, Context context)
    {
        var l = CompatibilityLevel.ParseEncoded(left);
        if (l < 0)
        {
            Error(context, ExpansionDiagnosticCodes.BadCompatibilityLevel, $"malformed compatibility level syntax: \"{left}\"");
            return null;
        }

        var r = CompatibilityLevel.ParseEncoded(right);
        if (r < 0)
        {
            Error(context, ExpansionDiagnosticCodes.BadCompatibilityLevel, $"malformed compatibility level syntax: \"{right}\"");
            return null;
        }

        return Decide(op, l - r);
    }

    private static bool Decide(RelationalOperator op, long delta) => op switch
    {
        RelationalOperator.Equal => delta == 0,
        RelationalOperator.NotEqual => delta != 0,
        RelationalOperator.Less => delta < 0,
        RelationalOperator.LessOrEqual => delta <= 0,
        RelationalOperator.GreaterOrEqual => delta >= 0,
        _ => delta > 0,
    };

    private static bool IsAllDigits(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseDecimal(string digits, out long value)
    {
        value = 0;
        foreach (var c in digits)
        {
            var d = c - '0';
            if (value > (long.MaxValue - d) / 10)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    private void Error(Context context, string code, string message)
    {
        context.Status |= Status.Error;
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, code, ByteText.ToDisplay(message), options.Location));
    }

    private static string CodeOf(string message) => message switch
    {
        _ when message.StartsWith("attribute name", StringComparison.Ordinal) => ExpansionDiagnosticCodes.NameSyntax,
        _ when message.StartsWith("unbalanced", StringComparison.Ordinal) => ExpansionDiagnosticCodes.UnbalancedBraces,
        _ when message.StartsWith("\"==\"", StringComparison.Ordinal) => ExpansionDiagnosticCodes.OperatorExpected,
        _ when message.StartsWith("bad operator suffix", StringComparison.Ordinal) => ExpansionDiagnosticCodes.BadOperatorSuffix,
        _ when message.StartsWith("\"{expression}\"", StringComparison.Ordinal) => ExpansionDiagnosticCodes.OperandExpected,
        _ when message.StartsWith("\"?\"", StringComparison.Ordinal) => ExpansionDiagnosticCodes.ConditionExpected,
        _ when message.StartsWith("\":\"", StringComparison.Ordinal) => ExpansionDiagnosticCodes.ColonExpected,
        _ => ExpansionDiagnosticCodes.UnexpectedInput,
    };
}
