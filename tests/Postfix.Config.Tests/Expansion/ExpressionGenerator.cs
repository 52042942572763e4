using System.Text;

namespace Postfix.Config.Tests.Expansion;

/// <summary>
/// A seeded generator of main.cf values that use every form of Postfix's <c>$</c> syntax: <c>$name</c>,
/// <c>${name}</c>, <c>$(name)</c>, <c>?</c>/<c>:</c> operands braced and literal, ternaries, relational operators with
/// numbers, strings and compatibility levels, <c>$$</c>, blanks in odd places, and (when asked) broken syntax.
/// </summary>
internal sealed class ExpressionGenerator(int seed, IReadOnlyList<string> names)
{
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly string[] Words = ["a", "b", "x y", "10", "9", "010", "abc", "3.6", "3.10", "2", "", "-", "mail", "{}"];
    private static readonly string[] Broken = ["$", "${", "${x", "${a-b}", "${{a} =~ {b}}", "${{a} == b}", "${{1} <foo {2}}",
        "${{1} <level {q}}", "${a?{x} junk}", "${a?{x}:{y} z}", "${{a}=={b} q}", "$(a?{{b})", "${}", "$(", "${ a b }"];

    private readonly Random random = new(seed);

    public string Value(int depth = 0, bool allowBroken = false)
    {
        var builder = new StringBuilder();
        var parts = random.Next(1, 4);
        for (var i = 0; i < parts; i++)
        {
            builder.Append(Piece(depth, allowBroken));
        }

        return builder.ToString();
    }

    private string Name() => names[random.Next(names.Count)];

    private string Blank() => random.Next(4) == 0 ? " " : string.Empty;

    private string Operand(int depth) => depth > 2 || random.Next(3) == 0
        ? Words[random.Next(Words.Length)].Replace("{}", "{x}", StringComparison.Ordinal)
        : Value(depth + 1);

    private string Piece(int depth, bool allowBroken)
    {
        switch (random.Next(allowBroken ? 14 : 13))
        {
            case 0: return Words[random.Next(Words.Length)].Replace("{}", string.Empty, StringComparison.Ordinal) + " ";
            case 1: return "$" + Name();
            case 2: return "${" + Blank() + Name() + Blank() + "}";
            case 3: return "$(" + Name() + ")";
            case 4: return "$$";
            case 5: return "${" + Name() + "?" + Literal() + "}";
            case 6: return "${" + Name() + ":" + Literal() + "}";
            case 7: return "${" + Blank() + Name() + Blank() + "?" + Blank() + "{" + Operand(depth) + "}" + Blank() + ":" + Blank() + "{" + Operand(depth) + "}" + Blank() + "}";
            case 8: return "${" + Name() + "?{" + Operand(depth) + "}:" + Literal() + "}";
            case 9:
                return "${{" + Operand(depth) + "}" + Blank() + Operators[random.Next(Operators.Length)] + Blank() + "{" + Operand(depth) + "}" + Blank()
                    + (random.Next(3) == 0 ? string.Empty : "?" + Blank() + "{" + Operand(depth) + "}" + Blank() + ":" + Blank() + "{" + Operand(depth) + "}") + "}";
            case 10:
                string[] levels = ["0", "1", "2", "3.6", "3.10", "3.6.1", "$compatibility_level", " 3.7", "+3"];
                return "${{" + levels[random.Next(levels.Length)] + "} " + Operators[random.Next(Operators.Length)] + "level {" + levels[random.Next(levels.Length)] + "} ? {old} : {new}}";
            case 11: return "$(" + Name() + "?x(y)z)";
            case 12: return "-$" + Name() + ".x";
            default: return Broken[random.Next(Broken.Length)];
        }
    }

    private string Literal()
    {
        string[] literals = ["a:b", "yes", "?foo:{b}ar", " spaced ", "$$", "$" + Name(), "x}y"];
        var literal = literals[random.Next(literals.Length)];
        return literal == "x}y" ? "xy" : literal;
    }
}
