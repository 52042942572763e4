using Postfix.Config.Syntax;

namespace Postfix.Config.Expansion;

/// <summary>The outcome of expanding one value: the text, what went wrong, and which names were looked up.</summary>
public sealed class ExpansionResult
{
    internal ExpansionResult(string value, IReadOnlyList<Diagnostic> diagnostics, bool hasUndefined, IReadOnlyList<string> referencedNames)
    {
        Value = value;
        Diagnostics = diagnostics;
        HasUndefined = hasUndefined;
        ReferencedNames = referencedNames;
    }

    /// <summary>A result that is <paramref name="value"/> as it is, with the given diagnostics.</summary>
    internal static ExpansionResult Verbatim(string value, IReadOnlyList<Diagnostic> diagnostics) => new(value, diagnostics, false, []);

    /// <summary>
    /// The expanded text. When <see cref="HasErrors"/> is true, Postfix would have stopped ("macro processing error"),
    /// and this is only the text produced up to that point.
    /// </summary>
    public string Value { get; }

    /// <summary>Every problem found, in the order Postfix reports them, with Postfix's wording.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when expansion failed (Postfix's <c>MAC_PARSE_ERROR</c>; fatal in Postfix programs).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>True when a plain <c>$name</c> referred to an undefined name (Postfix's <c>MAC_PARSE_UNDEF</c>; it expands to empty).</summary>
    public bool HasUndefined { get; }

    /// <summary>The names that were looked up, first occurrence first, without repeats.</summary>
    public IReadOnlyList<string> ReferencedNames { get; }
}
