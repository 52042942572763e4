using System.Text;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// Builds one correct <c>header_checks</c>/<c>body_checks</c> line for a regexp: or pcre: table:
/// <c>/expression/flags action</c>, with the delimiter escaped inside the expression and the case flag written the
/// way Postfix reads it (patterns are case-insensitive unless the <c>i</c> flag is given, which toggles it).
/// </summary>
public sealed record HeaderCheckRule
{
    /// <summary>Creates a rule from an expression written in the table's syntax and an action.</summary>
    /// <param name="expression">The regular expression, unescaped for the delimiter (the builder escapes it).</param>
    /// <param name="action">The action and its text, for example <c>DISCARD</c> or <c>REJECT no thanks</c>.</param>
    public HeaderCheckRule(string expression, string action)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(action);
        Expression = expression;
        Action = action;
    }

    /// <summary>The regular expression (without delimiters).</summary>
    public string Expression { get; init; }

    /// <summary>
    /// The result Postfix returns when the rule matches (for header_checks: an action such as <c>DISCARD</c>,
    /// <c>REJECT text</c>, <c>WARN text</c>). Written as is: <c>$1</c> substitutes a group, a literal <c>$</c> must be
    /// <c>$$</c> (see <see cref="EscapeResultText"/>).
    /// </summary>
    public string Action { get; init; }

    /// <summary>The table syntax the expression is written in (default regexp:).</summary>
    public PatternTableDialect Dialect { get; init; } = PatternTableDialect.Regexp;

    /// <summary>The delimiter (default <c>/</c>); any byte except letters, digits, whitespace, <c>!</c> and <c>\</c>.</summary>
    public char Delimiter { get; init; } = '/';

    /// <summary>Whether the match is case-sensitive (writes the <c>i</c> flag, which toggles Postfix's default).</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>Whether the rule applies when the expression does NOT match (a leading <c>!</c>).</summary>
    public bool Negated { get; init; }

    /// <summary>A rule whose expression matches <paramref name="text"/> literally (every special character escaped).</summary>
    /// <param name="text">The text to find (for example a header name and value).</param>
    /// <param name="action">The action.</param>
    /// <param name="dialect">The table syntax.</param>
    /// <param name="anchorAtStart">Whether the expression must match at the start of the header line (<c>^</c>).</param>
    public static HeaderCheckRule ForLiteral(string text, string action, PatternTableDialect dialect = PatternTableDialect.Regexp, bool anchorAtStart = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(anchorAtStart ? "^" : string.Empty);
        foreach (var c in text)
        {
            var special = dialect == PatternTableDialect.Regexp
                ? ".[]()*+?{}|^$\\".Contains(c, StringComparison.Ordinal)
                : c < 0x80 && !char.IsAsciiLetterOrDigit(c) && c != ' ' && c != '_';
            if (special)
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return new HeaderCheckRule(sb.ToString(), action) { Dialect = dialect };
    }

    /// <summary>Escapes <c>$</c> as <c>$$</c> so that a result text is returned literally.</summary>
    /// <param name="text">The literal result text.</param>
    public static string EscapeResultText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("$", "$$", StringComparison.Ordinal);
    }

    /// <summary>The rule's value side, its action as written (like every typed value's <c>ToString()</c>; <see cref="ToLine"/> gives the whole line).</summary>
    public override string ToString() => Action;

    /// <summary>The table line (without a line ending).</summary>
    /// <exception cref="ArgumentException">The delimiter, expression or action cannot be written on one line.</exception>
    public string ToLine()
    {
        if (char.IsAsciiLetterOrDigit(Delimiter) || Delimiter is ' ' or '\t' or '\r' or '\n' or '\v' or '\f' or '!' or '\\' or '\0')
        {
            throw new ArgumentException($"'{Delimiter}' cannot be used as a delimiter.", nameof(Delimiter));
        }

        if (Expression.Contains('\n', StringComparison.Ordinal) || Action.Contains('\n', StringComparison.Ordinal)
            || Expression.Contains('\0', StringComparison.Ordinal) || Action.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The expression and the action must be on one line and must not contain NUL.");
        }

        var sb = new StringBuilder();
        if (Negated)
        {
            sb.Append('!');
        }

        sb.Append(Delimiter);
        var escaped = false;
        foreach (var c in Expression)
        {
            if (!escaped && c == Delimiter)
            {
                sb.Append('\\');
            }

            sb.Append(c);
            escaped = !escaped && c == '\\';
        }

        if (escaped)
        {
            throw new ArgumentException("The expression ends with a lone backslash.", nameof(Expression));
        }

        sb.Append(Delimiter);
        if (CaseSensitive)
        {
            sb.Append('i');
        }

        var action = Action.Trim(' ', '\t', '\r', '\v', '\f');
        if (action.Length > 0)
        {
            sb.Append(' ').Append(action);
        }

        return sb.ToString();
    }
}
