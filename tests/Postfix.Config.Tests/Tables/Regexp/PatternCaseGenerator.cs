using System.Globalization;
using System.Text;

namespace Postfix.Config.Tests.Tables.Regexp;

/// <summary>
/// Seeded generator of regexp: and pcre: rules together with keys that match them (and near misses): character
/// classes, bracket edge cases, anchors, alternation in groups, repetition, flags, negation, if/endif and $n results.
/// </summary>
internal sealed class PatternCaseGenerator(int seed, bool pcre)
{
    private const string Alphabet = "abcAB@._-019 xd/";
    private readonly Random _rng = new(seed);
    private int _groups;
    private bool _bre;

    public sealed record Table(string Text, List<string> Keys);

    private T Pick<T>(params T[] items) => items[_rng.Next(items.Length)];

    private char RandomChar() => Alphabet[_rng.Next(Alphabet.Length)];

    public string RandomKey()
    {
        var n = _rng.Next(0, 9);
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            sb.Append(RandomChar());
        }

        return sb.ToString();
    }

    private string Mutate(string s)
    {
        if (s.Length == 0 || _rng.Next(3) == 0)
        {
            return s.Insert(_rng.Next(s.Length + 1), RandomChar().ToString());
        }

        var i = _rng.Next(s.Length);
        return _rng.Next(2) == 0 ? s.Remove(i, 1) : s[..i] + RandomChar() + s[(i + 1)..];
    }

    private string FlipCase(string s) => new(s.Select(c => _rng.Next(2) == 0 && char.IsAsciiLetter(c) ? (char)(c ^ 0x20) : c).ToArray());

    /// <summary>One table of 1–4 rules and the keys to try on it.</summary>
    public Table Next(int tableId)
    {
        var sb = new StringBuilder();
        var keys = new List<string>();
        var rules = _rng.Next(1, 5);
        var inIf = false;
        for (var r = 0; r < rules; r++)
        {
            if (!inIf && _rng.Next(6) == 0)
            {
                var (ifPattern, ifSample) = Pattern(out var ifFlags);
                sb.Append(Pick("if", "IF", "if ")).Append(Pick("", "!")).Append('/').Append(ifPattern).Append('/').Append(ifFlags).Append('\n');
                keys.Add(ifSample);
                inIf = true;
            }

            var (pattern, sample) = Pattern(out var flags);
            var groups = _groups;
            var negate = _rng.Next(8) == 0;
            var result = new StringBuilder("T").Append(tableId.ToString(CultureInfo.InvariantCulture)).Append('R').Append(r.ToString(CultureInfo.InvariantCulture));
            if (!negate && groups > 0)
            {
                for (var g = 0; g < Math.Min(groups, 3); g++)
                {
                    var n = (_rng.Next(groups) + 1).ToString(CultureInfo.InvariantCulture);
                    result.Append('<').Append(Pick("$" + n, "${" + n + "}", "$(" + n + ")")).Append('>');
                }
            }

            if (_rng.Next(15) == 0)
            {
                // Substitution problems Postfix warns about.
                result.Append(Pick("$x", "$0", "$9", "${", "$", "$$"));
            }

            sb.Append(negate ? "!" : string.Empty).Append('/').Append(pattern).Append('/').Append(flags);
            if (!pcre && !negate && _rng.Next(8) == 0)
            {
                var (second, _) = Pattern(out var flags2);
                sb.Append("!/").Append(second).Append('/').Append(flags2);
            }

            sb.Append(' ').Append(result).Append('\n');
            keys.Add(sample);
            keys.Add(FlipCase(sample));
            keys.Add(Mutate(sample));
            if (inIf && _rng.Next(2) == 0)
            {
                sb.Append(Pick("endif", "ENDIF", "endif x")).Append('\n');
                inIf = false;
            }
        }

        if (inIf && _rng.Next(3) > 0)
        {
            sb.Append("endif\n");
        }

        keys.Add(RandomKey());
        return new Table(sb.ToString(), keys);
    }

    private (string Pattern, string Sample) Pattern(out string flags)
    {
        _groups = 0;
        flags = pcre ? Pick("", "", "", "i", "s", "m", "x", "U", "E", "A", "iU") : Pick("", "", "", "i", "x", "m", "xx", "ix");
        _bre = !pcre && flags.Count(c => c == 'x') % 2 == 1;
        var ext = pcre && flags.Contains('x', StringComparison.Ordinal);
        var (p, s) = Alternation(2);
        if (_rng.Next(3) == 0)
        {
            p = "^" + p;
        }

        if (_rng.Next(3) == 0)
        {
            p += "$";
        }

        if (ext)
        {
            p = p.Replace(" ", "\\ ", StringComparison.Ordinal);
        }

        if (_rng.Next(40) == 0)
        {
            // Syntax errors: the rule is skipped with Postfix's warning.
            p = Pick("(", "*a", "a{2,1}", "[b-a]", "a\\", "[[:nope:]]", "a{1", ")", "(?<", "a**", "\\k");
        }

        return (p, s);
    }

    private (string, string) Alternation(int depth)
    {
        var n = depth > 0 && _rng.Next(4) == 0 ? 2 : 1;
        var parts = new List<(string, string)>();
        for (var i = 0; i < n; i++)
        {
            parts.Add(Sequence(depth));
        }

        var chosen = parts[_rng.Next(parts.Count)].Item2;
        return (string.Join(_bre ? "\\|" : "|", parts.Select(x => x.Item1)), chosen);
    }

    private (string, string) Sequence(int depth)
    {
        var n = _rng.Next(1, 4);
        var p = new StringBuilder();
        var s = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            var (ap, asample) = Repeated(depth);
            p.Append(ap);
            s.Append(asample);
        }

        return (p.ToString(), s.ToString());
    }

    private (string, string) Repeated(int depth)
    {
        var (p, s) = Atom(depth);
        if (_rng.Next(3) != 0)
        {
            return (p, s);
        }

        var (op, min, max) = Pick(("*", 0, 3), ("+", 1, 3), ("?", 0, 1), ("{2}", 2, 2), ("{1,3}", 1, 3), ("{2,}", 2, 4), ("{,2}", 0, 2));
        if (_bre)
        {
            op = op switch { "+" => "\\+", "?" => "\\?", "*" => "*", _ => op.Replace("{", "\\{", StringComparison.Ordinal).Replace("}", "\\}", StringComparison.Ordinal) };
        }

        if (pcre && op == "{,2}")
        {
            op = "{0,2}";
        }

        if (pcre && _rng.Next(5) == 0)
        {
            op += Pick("?", "+");
        }

        var k = _rng.Next(min, max + 1);
        var sample = new StringBuilder();
        for (var i = 0; i < k; i++)
        {
            sample.Append(s);
        }

        return (p + op, sample.ToString());
    }

    private (string, string) Atom(int depth)
    {
        var choice = _rng.Next(pcre ? 15 : 14);
        switch (choice)
        {
            case 0 or 1 or 2 or 3:
                var c = Pick('a', 'b', 'c', 'A', 'B', '@', '-', '_', '0', '1', 'x', 'd', ' ');
                return (c.ToString(), c.ToString());
            case 4:
                return Pick(("\\.", "."), ("\\@", "@"), ("\\/", "/"), ("\\-", "-"), ("\\_", "_"));
            case 5:
                return (".", RandomChar().ToString());
            case 6:
                return Pick(
                    ("[abc]", "b"), ("[^a-c]", "x"), ("[]a]", "]"), ("[^]a]", "b"), ("[a-]", "-"), ("[[:alpha:]]", "B"),
                    ("[[:digit:][:upper:]]", "1"), ("[[.-.]a]", "-"), ("[\\d]", "d"), ("[[:lower:]]", "a"), ("[A-a]", "_"),
                    ("[[:space:]@]", " "), ("[.a-c]", "."), ("[^[:alnum:]]", "@"), ("[[=a=]b]", "a"), ("[--/]", "."));
            case 7 or 8 when depth > 0:
                _groups++;
                var (gp, gs) = Alternation(depth - 1);
                return (_bre ? "\\(" + gp + "\\)" : "(" + gp + ")", gs);
            case 9:
                return Pick(("\\w", "a"), ("\\W", "@"), ("\\s", " "), ("\\S", "x"), ("\\d", pcre ? "1" : "d"), ("\\D", "x"));
            case 10:
                return pcre ? Pick(("\\b", string.Empty), ("\\B", string.Empty)) : Pick(("\\b", string.Empty), ("\\<", string.Empty), ("\\>", string.Empty), ("\\B", string.Empty));
            case 11 when _groups > 0 && (_bre || _rng.Next(2) == 0):
                return ("\\1", string.Empty);
            case 12:
                return pcre ? Pick(("(?:ab|a)", "ab"), ("(?=a)", string.Empty), ("(?!b)", string.Empty), ("(?i)", string.Empty), ("[[:^alpha:]]", "1"), ("\\x41", "A"), ("(?<=a)", string.Empty))
                    : Pick(("a|ab", "ab"), ("x*", "xx"), ("b?", "b"));
            case 13:
                return pcre ? Pick(("\\Qa.b\\E", "a.b"), ("[\\w.]", "."), ("\\h", " "), ("(?#c)", string.Empty)) : Pick(("\\`", string.Empty), ("\\'", string.Empty), ("\\a", "a"), ("\\{", "{"));
            default:
                var d = Pick('a', 'b', '@', '.');
                return (d == '.' ? "\\." : d.ToString(), d.ToString());
        }
    }
}
