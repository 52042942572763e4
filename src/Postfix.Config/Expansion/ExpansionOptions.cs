using Postfix.Config.Syntax;

namespace Postfix.Config.Expansion;

/// <summary>How <see cref="MacroExpander"/> expands a value.</summary>
public sealed record ExpansionOptions
{
    /// <summary>The options Postfix daemons and <c>postconf -x</c> use: recursive, with the <c>level</c> operators.</summary>
    public static ExpansionOptions Default { get; } = new();

    /// <summary>
    /// Whether a looked-up value is itself expanded again (Postfix's <c>MAC_EXP_FLAG_RECURSE</c>, used by every daemon
    /// and by <c>postconf -x</c>). When false, <c>$name</c> inserts the value as it is. Default true.
    /// </summary>
    public bool Recursive { get; init; } = true;

    /// <summary>
    /// Whether the <c>level</c> operator suffix (<c>&lt;level</c>, <c>&gt;=level</c>, …, comparing
    /// <c>compatibility_level</c> values such as <c>3.6</c>) is known. Every Postfix program registers it; default true.
    /// </summary>
    public bool CompatibilityLevelOperators { get; init; } = true;

    /// <summary>Where the value comes from; used as the location of every diagnostic. Default <c>value(1,1)</c>.</summary>
    public SourceLocation Location { get; init; } = new("value", 1, 1);
}
