using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.Expansion;

/// <summary>
/// Postfix's <c>$</c> expansion (<c>mac_parse()</c> + <c>mac_expand()</c>), as used by every Postfix daemon and by
/// <c>postconf -x</c>: <c>$name</c>, <c>${name}</c>, <c>$(name)</c>, <c>${name?text}</c>, <c>${name:text}</c>,
/// <c>${name?{a}:{b}}</c>, relational expressions such as <c>${{$compatibility_level} &lt;level {3.6} ? {a} : {b}}</c>,
/// and <c>$$</c> for a literal dollar. Never throws for any input: problems become diagnostics in Postfix's words.
/// </summary>
public static class MacroExpander
{
    /// <summary>
    /// Expands <paramref name="value"/>, looking names up with <paramref name="lookup"/> (null = undefined, which
    /// expands to empty). With the default options, looked-up values are expanded again, as Postfix does.
    /// </summary>
    /// <param name="value">The raw text, for example a main.cf value.</param>
    /// <param name="lookup">Gives a parameter's raw value, or null when the name is undefined.</param>
    /// <param name="options">How to expand; <see cref="ExpansionOptions.Default"/> when null.</param>
    /// <returns>The expanded text, diagnostics and the names that were looked up.</returns>
    public static ExpansionResult Expand(string value, Func<string, string?> lookup, ExpansionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(lookup);
        var evaluator = new MacroEvaluator(lookup, options ?? ExpansionOptions.Default, scan: false);
        var result = new StringBuilder();
        var status = evaluator.Expand(ByteText.FromDisplay(value), result);
        return new ExpansionResult(
            ByteText.ToDisplay(result.ToString()),
            evaluator.Diagnostics,
            (status & MacroEvaluator.Status.Undefined) != 0,
            evaluator.ReferencedNames);
    }

    /// <summary>
    /// Checks <paramref name="value"/> without looking anything up, the way postconf scans values for the names
    /// they use (<c>MAC_EXP_FLAG_SCAN</c>): both operands of every <c>?</c>/<c>:</c> are examined.
    /// <see cref="ExpansionResult.ReferencedNames"/> lists every name the value can refer to, and
    /// <see cref="ExpansionResult.Diagnostics"/> every syntax problem; the value is empty.
    /// </summary>
    /// <param name="value">The raw text.</param>
    /// <param name="options">Parsing options; <see cref="ExpansionOptions.Default"/> when null.</param>
    /// <returns>The names referred to and the problems found.</returns>
    public static ExpansionResult Scan(string value, ExpansionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var evaluator = new MacroEvaluator(_ => null, options ?? ExpansionOptions.Default, scan: true);
        var status = evaluator.Expand(ByteText.FromDisplay(value), new StringBuilder());
        return new ExpansionResult(
            string.Empty,
            evaluator.Diagnostics,
            (status & MacroEvaluator.Status.Undefined) != 0,
            evaluator.ReferencedNames);
    }
}
