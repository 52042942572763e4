namespace Postfix.Config.Tables.Regexp;

/// <summary>One <c>!/expression/flags</c> part of a rule, as written.</summary>
public sealed class PatternTablePattern
{
    internal PatternTablePattern(string expression, char delimiter, string flags, bool negated)
    {
        Expression = expression;
        Delimiter = delimiter;
        Flags = flags;
        Negated = negated;
    }

    /// <summary>The expression between the delimiters, backslashes kept (exactly what the regex library gets).</summary>
    public string Expression { get; }

    /// <summary>The delimiter (usually <c>/</c>).</summary>
    public char Delimiter { get; }

    /// <summary>The flag letters after the closing delimiter, as written (each one toggles a default).</summary>
    public string Flags { get; }

    /// <summary>Whether the rule applies when the expression does NOT match (an odd number of leading <c>!</c>).</summary>
    public bool Negated { get; }
}
