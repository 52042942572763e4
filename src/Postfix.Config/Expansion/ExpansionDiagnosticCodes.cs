namespace Postfix.Config.Expansion;

/// <summary>The diagnostic codes of <c>$</c> expansion and of the parameter catalog (documented in <c>docs/diagnostics.md</c>).</summary>
public static class ExpansionDiagnosticCodes
{
    /// <summary><c>${</c> or <c>$(</c> without its closing bracket: <c>truncated macro reference</c>.</summary>
    public const string TruncatedReference = "PFC1501";

    /// <summary>A <c>$</c> followed by no name, or <c>${}</c>: <c>empty macro name</c>.</summary>
    public const string EmptyName = "PFC1502";

    /// <summary>A name with a character outside <c>[A-Za-z0-9_]</c>: <c>attribute name syntax error</c>.</summary>
    public const string NameSyntax = "PFC1503";

    /// <summary>A <c>{</c> operand without its <c>}</c>: <c>unbalanced {} in attribute expression</c>.</summary>
    public const string UnbalancedBraces = "PFC1504";

    /// <summary>No valid relational operator after <c>{left}</c>.</summary>
    public const string OperatorExpected = "PFC1505";

    /// <summary>An operator suffix other than <c>level</c>: <c>bad operator suffix</c>.</summary>
    public const string BadOperatorSuffix = "PFC1506";

    /// <summary>No <c>{right}</c> operand after the operator: <c>"{expression}" expected</c>.</summary>
    public const string OperandExpected = "PFC1507";

    /// <summary>Text after a comparison that is not <c>?</c> or <c>:</c>.</summary>
    public const string ConditionExpected = "PFC1508";

    /// <summary>Text after <c>?{...}</c> that is not <c>:</c>: <c>":" expected</c>.</summary>
    public const string ColonExpected = "PFC1509";

    /// <summary>Text after <c>:{...}</c>: <c>unexpected input</c>.</summary>
    public const string UnexpectedInput = "PFC1510";

    /// <summary>Nesting deeper than Postfix allows (self reference): <c>unreasonable macro call nesting</c>.</summary>
    public const string NestingTooDeep = "PFC1511";

    /// <summary>A number too large to compare: <c>mac_exp_eval: bad conversion</c>.</summary>
    public const string BadNumber = "PFC1512";

    /// <summary>A <c>level</c> comparison operand that is not a compatibility level: <c>malformed compatibility level syntax</c>.</summary>
    public const string BadCompatibilityLevel = "PFC1513";

    /// <summary>A <c>$name</c> that has neither a value nor a default (warning): <c>undefined parameter</c>.</summary>
    public const string UndefinedParameter = "PFC1520";

    /// <summary>A name that is not a Postfix parameter (warning): <c>unknown parameter</c>, with a "did you mean" suggestion.</summary>
    public const string UnknownParameter = "PFC1530";

    /// <summary>A parameter that Postfix 3.7 still accepts but has replaced or retired (warning).</summary>
    public const string ObsoleteParameter = "PFC1531";

    /// <summary>A main.cf name that is neither built in nor used by any <c>$name</c> (warning): <c>unused parameter</c>.</summary>
    public const string UnusedParameter = "PFC1532";

    /// <summary>A main.cf assignment to a parameter Postfix sets itself (warning, ignored): <c>read-only parameter assignment</c>.</summary>
    public const string ReadOnlyAssignment = "PFC1533";
}
