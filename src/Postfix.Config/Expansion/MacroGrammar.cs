using System.Collections.Concurrent;
using Sprache;

namespace Postfix.Config.Expansion;

/// <summary>
/// The Sprache grammar of Postfix's <c>$</c> syntax, in two layers exactly like Postfix:
/// <see cref="Tokenize"/> is <c>mac_parse()</c> (literal text, <c>$$</c>, <c>$name</c>, <c>${...}</c>, <c>$(...)</c>),
/// and <see cref="ParseExpression"/> is the expression language that <c>mac_expand()</c> applies to the text of one
/// macro (names, <c>?</c>/<c>:</c> operands, relational operators). All text is byte text. Neither layer ever fails:
/// malformed input becomes error tokens, error steps or malformed expressions carrying Postfix's own message, placed
/// where Postfix would notice the problem.
/// </summary>
internal static class MacroGrammar
{
    private const int CacheLimit = 8192;
    private const string OperatorChars = "<>!=?+-*/~&|%";

    /// <summary>Postfix's "one of the relational operators" wording, copied with its doubled quotes.</summary>
    private const string AnyOperatorText = "\"==\" or \"!=\"\" or \"<\"\" or \"<=\"\" or \">=\"\" or \">\"";

    /// <summary>Additions to the three caches since they were last cleared (all three are cleared together when it is large).</summary>
    private static int cacheAdds;

    private static readonly ConcurrentDictionary<string, MacroToken[]> TokenCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, MacroExpression> ExpressionCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, MacroExpression> PlainExpressionCache = new(StringComparer.Ordinal);

    // ---- small building blocks -------------------------------------------------------------------------------

    /// <summary>Postfix's <c>ISALNUM()</c>: ASCII letters and digits only.</summary>
    internal static bool IsAsciiAlnum(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    /// <summary>A macro name character: <c>[A-Za-z0-9_]</c>.</summary>
    internal static bool IsNameChar(char c) => IsAsciiAlnum(c) || c == '_';

    /// <summary>The separator set of <c>mac_expand()</c> (<c>CHARS_SPACE</c>: SP, HT, CR, LF).</summary>
    private static bool IsExpressionSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    /// <summary>All the text before the current position, consuming nothing.</summary>
    private static readonly Parser<string> Consumed = input => Result.Success(input.Source[..input.Position], input);

    /// <summary>The text that is left, consuming nothing.</summary>
    private static readonly Parser<string> Remaining = input => Result.Success(input.Source.Substring(input.Position), input);

    /// <summary>Everything that is left.</summary>
    private static readonly Parser<string> RestOfInput = input =>
    {
        var text = input.Source.Substring(input.Position);
        var rest = input;
        while (!rest.AtEnd)
        {
            rest = rest.Advance();
        }

        return Result.Success(text, rest);
    };

    /// <summary>A (possibly empty) run of characters that satisfy <paramref name="predicate"/>, as one string.</summary>
    private static Parser<string> Run(Func<char, bool> predicate) => input =>
    {
        var start = input.Position;
        var rest = input;
        while (!rest.AtEnd && predicate(rest.Current))
        {
            rest = rest.Advance();
        }

        return Result.Success(input.Source.Substring(start, rest.Position - start), rest);
    };

    /// <summary>Succeeds, consuming nothing, when the next character satisfies <paramref name="predicate"/>.</summary>
    private static Parser<char> Peek(Func<char, bool> predicate, string what) => input =>
        !input.AtEnd && predicate(input.Current)
            ? Result.Success(input.Current, input)
            : Result.Failure<char>(input, "expected " + what, [what]);

    private static readonly Parser<string> Spaces = Run(IsExpressionSpace);

    private static readonly Parser<bool> AtEnd = input => Result.Success(input.AtEnd, input);

    /// <summary>Postfix's <c>%.20s</c>.</summary>
    private static string First20(string s) => s.Length <= 20 ? s : s[..20];

    /// <summary>
    /// After an opening bracket: the text up to the matching closer, counting only <paramref name="open"/> and
    /// <paramref name="close"/> (other bracket types do not nest). Succeeds with null, having consumed everything,
    /// when the closer is missing. Iterative, so deep nesting cannot exhaust the stack.
    /// </summary>
    private static Parser<string?> Balanced(char open, char close) => input =>
    {
        var start = input.Position;
        var level = 1;
        var rest = input;
        while (!rest.AtEnd)
        {
            var c = rest.Current;
            rest = rest.Advance();
            if (c == open)
            {
                level++;
            }
            else if (c == close && --level == 0)
            {
                return Result.Success<string?>(input.Source.Substring(start, rest.Position - 1 - start), rest);
            }
        }

        return Result.Success<string?>(null, rest);
    };

    // ---- layer 1: mac_parse ------------------------------------------------------------------------------------

    private static readonly Parser<MacroToken> LiteralRun =
        from text in Run(c => c != '$')
        where text.Length > 0
        select new MacroToken(MacroTokenKind.Literal, text);

    private static readonly Parser<MacroToken> EscapedDollar =
        Parse.String("$$").Return(new MacroToken(MacroTokenKind.Literal, "$"));

    private static Parser<MacroToken> Bracketed(char open, char close) =>
        from opener in Parse.Char(open)
        from body in Balanced(open, close)
        select body is null ? new MacroToken(MacroTokenKind.Truncated, string.Empty)
            : body.Length == 0 ? new MacroToken(MacroTokenKind.EmptyName, string.Empty)
            : new MacroToken(MacroTokenKind.Expression, body, Bracketed: true);

    private static readonly Parser<MacroToken> PlainName =
        from name in Run(IsNameChar)
        select name.Length == 0
            ? new MacroToken(MacroTokenKind.EmptyName, string.Empty)
            : new MacroToken(MacroTokenKind.Expression, name);

    private static readonly Parser<MacroToken> Macro =
        from dollar in Parse.Char('$')
        from token in Bracketed('{', '}').Or(Bracketed('(', ')')).Or(PlainName)
        select token;

    private static readonly Parser<IEnumerable<MacroToken>> Tokens =
        EscapedDollar.Or(Macro).Or(LiteralRun).Many().End();

    /// <summary>
    /// Splits a value like <c>mac_parse()</c>: adjacent literal text (including each <c>$$</c> as <c>$</c>) is one
    /// token, and the list stops at the first error token, because Postfix stops scanning there.
    /// </summary>
    public static MacroToken[] Tokenize(string value)
    {
        // Most values have no macro at all: one literal, no parser and no cache entry needed.
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value.Length == 0 ? [] : [new MacroToken(MacroTokenKind.Literal, value)];
        }

        if (TokenCache.TryGetValue(value, out var cached))
        {
            return cached;
        }

        var tokens = Lex(value);
        Remember(TokenCache, value, tokens);
        return tokens;
    }

    /// <summary>
    /// The hand-written lexer behind <see cref="Tokenize"/>, step for step <c>mac_parse()</c>: it is called for every
    /// value postconf scans, and the combinator version (<see cref="TokenizeWithGrammar"/>, which a property test
    /// keeps equal to it) cost a quarter of the time of <c>postconf -n</c> on a 10,000-parameter main.cf.
    /// </summary>
    internal static MacroToken[] Lex(string value)
    {
        var list = new List<MacroToken>();
        var literal = new System.Text.StringBuilder();
        var vp = 0;
        while (vp < value.Length)
        {
            var c = value[vp];
            if (c != '$')
            {
                literal.Append(c);
                vp++;
                continue;
            }

            if (vp + 1 < value.Length && value[vp + 1] == '$')
            {
                literal.Append('$');
                vp += 2;
                continue;
            }

            if (literal.Length > 0)
            {
                list.Add(new MacroToken(MacroTokenKind.Literal, literal.ToString()));
                literal.Clear();
            }

            vp++;
            if (vp < value.Length && value[vp] is '{' or '(')
            {
                var open = value[vp];
                var close = open == '{' ? '}' : ')';
                var start = ++vp;
                var level = 1;
                var ep = vp;
                while (level > 0 && ep < value.Length)
                {
                    if (value[ep] == open)
                    {
                        level++;
                    }
                    else if (value[ep] == close)
                    {
                        level--;
                    }

                    ep++;
                }

                if (level > 0)
                {
                    list.Add(new MacroToken(MacroTokenKind.Truncated, string.Empty));
                    return [.. list];
                }

                vp = ep;
                if (ep - 1 == start)
                {
                    list.Add(new MacroToken(MacroTokenKind.EmptyName, string.Empty));
                    return [.. list];
                }

                list.Add(new MacroToken(MacroTokenKind.Expression, value[start..(ep - 1)], Bracketed: true));
            }
            else
            {
                var start = vp;
                while (vp < value.Length && IsNameChar(value[vp]))
                {
                    vp++;
                }

                if (vp == start)
                {
                    list.Add(new MacroToken(MacroTokenKind.EmptyName, string.Empty));
                    return [.. list];
                }

                list.Add(new MacroToken(MacroTokenKind.Expression, value[start..vp]));
            }
        }

        if (literal.Length > 0)
        {
            list.Add(new MacroToken(MacroTokenKind.Literal, literal.ToString()));
        }

        return [.. list];
    }

    /// <summary>
    /// The same split written as a Sprache grammar (<c>mac_parse()</c> read as a grammar): adjacent literal text
    /// (including each <c>$$</c> as <c>$</c>) is one token, and the list stops at the first error token.
    /// </summary>
    internal static MacroToken[] TokenizeWithGrammar(string value)
    {
        var list = new List<MacroToken>();
        var literal = new System.Text.StringBuilder();
        foreach (var token in Tokens.Parse(value))
        {
            if (token.Kind == MacroTokenKind.Literal)
            {
                literal.Append(token.Text);
                continue;
            }

            if (literal.Length > 0)
            {
                list.Add(new MacroToken(MacroTokenKind.Literal, literal.ToString()));
                literal.Clear();
            }

            list.Add(token);
            if (token.Kind is MacroTokenKind.Truncated or MacroTokenKind.EmptyName)
            {
                break;
            }
        }

        if (literal.Length > 0)
        {
            list.Add(new MacroToken(MacroTokenKind.Literal, literal.ToString()));
        }

        return [.. list];
    }

    // ---- layer 2: the expression inside ${...} -----------------------------------------------------------------

    /// <summary>A <c>{...}</c> operand: its payload, or Postfix's message when the braces do not balance.</summary>
    private readonly record struct Operand(string? Payload, string? Error, bool Braced);

    /// <summary>At <c>{</c>: the balanced payload, then the blanks after <c>}</c> are skipped.</summary>
    private static readonly Parser<Operand> CurlyOperand =
        from text in Remaining
        from open in Parse.Char('{')
        from payload in Balanced('{', '}')
        from blanks in payload is null ? Parse.Return(string.Empty) : Spaces
        select payload is null
            ? new Operand(null, $"unbalanced {{}} in attribute expression: \"{text}\"", true)
            : new Operand(payload, null, true);

    /// <summary><c>MAC_EXP_FIND_LEFT_CURLY</c>: blanks then <c>{</c>; otherwise nothing is consumed.</summary>
    private static readonly Parser<Operand> BracedOperand =
        from blanks in Spaces
        from open in Peek(c => c == '{', "{")
        from operand in CurlyOperand
        select operand;

    /// <summary>A <c>?</c>/<c>:</c> operand: braced, or (Postfix 2.x compatibility) the whole rest as literal text.</summary>
    private static readonly Parser<Operand> ResultOperand =
        BracedOperand.Or(RestOfInput.Select(rest => new Operand(rest, null, false)));

    private static readonly Parser<IReadOnlyList<MacroStep>> NoSteps = Parse.Return<IReadOnlyList<MacroStep>>([]);

    private static Parser<IReadOnlyList<MacroStep>> Steps(params MacroStep[] steps) =>
        Parse.Return<IReadOnlyList<MacroStep>>(steps);

    /// <summary>After <c>:</c>: the if-false operand, then nothing else may follow.</summary>
    private static readonly Parser<IReadOnlyList<MacroStep>> IfFalseTail =
        from operand in ResultOperand
        from remaining in Remaining
        from steps in operand.Error is not null ? Steps(new ErrorStep(operand.Error))
            : remaining.Length == 0 ? Steps(new IfFalseStep(operand.Payload!))
            : Steps(
                new IfFalseStep(operand.Payload!),
                new ErrorStep($"unexpected input at: \"...{operand.Payload}}}>>>{First20(remaining)}\""))
        select steps;

    /// <summary>After <c>?</c>: the if-true operand, then optionally <c>:</c> and the if-false operand.</summary>
    private static readonly Parser<IReadOnlyList<MacroStep>> IfTrueTail =
        from operand in ResultOperand
        from remaining in Remaining
        from steps in operand.Error is not null ? Steps(new ErrorStep(operand.Error))
            : remaining.Length == 0 ? Steps(new IfTrueStep(operand.Payload!))
            : remaining[0] != ':' ? Steps(
                new IfTrueStep(operand.Payload!),
                new ErrorStep($"\":\" expected at: \"...{operand.Payload}}}>>>{First20(remaining)}\""))
            : from colon in Parse.Char(':')
              from tail in IfFalseTail
              select (IReadOnlyList<MacroStep>)[new IfTrueStep(operand.Payload!), .. tail]
        select steps;

    /// <summary>What follows a name or a comparison: nothing, <c>?...</c> or <c>:...</c>.</summary>
    private static Parser<IReadOnlyList<MacroStep>> Tail(char op) => op switch
    {
        '?' => IfTrueTail,
        ':' => IfFalseTail,
        _ => Steps(MacroStep.UseValue),
    };

    /// <summary>A name, its optional blanks, and then the end, <c>?</c> or <c>:</c> (Postfix's name loop).</summary>
    private static readonly Parser<MacroExpression> NamedExpression =
        from lead in Spaces
        from name in Run(IsNameChar)
        from prefix in Consumed
        from remaining in Remaining
        from blanks in Spaces
        from end in AtEnd
        from op in end ? Parse.Return('\0') : Parse.Char('?').Or(Parse.Char(':')).Or(Parse.Return('!'))
        from expression in op == '!'
            ? Parse.Return<MacroExpression>(new MalformedMacroExpression($"attribute name syntax error at: \"...{prefix}>>>{First20(remaining)}\""))
            : Tail(op).Select(steps => (MacroExpression)new NamedMacroExpression(name, steps))
        select expression;

    private static RelationalOperator? OperatorFromText(string text) => text switch
    {
        "==" => RelationalOperator.Equal,
        "!=" => RelationalOperator.NotEqual,
        "<" => RelationalOperator.Less,
        "<=" => RelationalOperator.LessOrEqual,
        ">=" => RelationalOperator.GreaterOrEqual,
        ">" => RelationalOperator.Greater,
        _ => null,
    };

    private static Parser<MacroExpression> Malformed(string message) =>
        Parse.Return<MacroExpression>(new MalformedMacroExpression(message));

    /// <summary>After the comparison: the end, or <c>?</c>/<c>:</c> and their operands, else an error step.</summary>
    private static readonly Parser<IReadOnlyList<MacroStep>> RelationalTail =
        from remaining in Remaining
        from steps in remaining.Length == 0 ? Steps(MacroStep.UseValue)
            : remaining[0] is '?' or ':' ? Parse.AnyChar.Then(Tail)
            : Steps(new ErrorStep($"\"?\" or \":\" expected at: \"...}}>>>{First20(remaining)}\""))
        select steps;

    private static Parser<MacroExpression> RightOperand(string left, RelationalOperator op, string opText, string? suffix) =>
        from remaining in Remaining
        from right in BracedOperand.Or(Parse.Return(default(Operand)))
        from expression in !right.Braced
            ? Malformed($"\"{{expression}}\" expected at: \"...{{{left}}} {opText}>>>{First20(remaining)}\"")
            : right.Error is not null ? Malformed(right.Error)
            : RelationalTail.Select(steps =>
                (MacroExpression)new RelationalMacroExpression(left, op, suffix, right.Payload!, steps))
        select expression;

    private static Parser<MacroExpression> AfterLeftOperand(string left, bool withLevelOperators) =>
        from remaining in Remaining
        from opText in Run(c => OperatorChars.Contains(c, StringComparison.Ordinal))
        from expression in OperatorFromText(opText) is not { } op
            ? Malformed($"{AnyOperatorText} expected at: \"...{left}}}>>>{First20(remaining)}\"")
            : from suffix in withLevelOperators ? Run(IsAsciiAlnum) : Parse.Return(string.Empty)
              from rest in suffix.Length == 0 ? RightOperand(left, op, opText, null)
                  : suffix == "level" ? RightOperand(left, op, opText, suffix)
                  : Malformed($"bad operator suffix at: \"...{opText}>>>{suffix}\"")
              select rest
        select expression;

    private static Parser<MacroExpression> RelationalExpression(bool withLevelOperators) =>
        from open in BracedOperand
        from expression in open.Error is not null ? Malformed(open.Error) : AfterLeftOperand(open.Payload!, withLevelOperators)
        select expression;

    private static readonly Parser<MacroExpression> ExpressionWithLevel =
        RelationalExpression(withLevelOperators: true).Or(NamedExpression);

    private static readonly Parser<MacroExpression> ExpressionWithoutLevel =
        RelationalExpression(withLevelOperators: false).Or(NamedExpression);

    /// <summary>
    /// Parses the text of one macro (what is inside <c>${...}</c>, or a plain name). With
    /// <paramref name="withLevelOperators"/> the <c>level</c> operator suffix is known, as in every Postfix program.
    /// </summary>
    public static MacroExpression ParseExpression(string body, bool withLevelOperators)
    {
        // Most macros are a bare name ($name, ${name}): the grammar would give the name and "use its value". That
        // answer needs no parser and no cache (postconf scans every default value at start-up).
        if (IsPlainName(body))
        {
            return new NamedMacroExpression(body, UseValueOnly);
        }

        var cache = withLevelOperators ? ExpressionCache : PlainExpressionCache;
        if (cache.TryGetValue(body, out var cached))
        {
            return cached;
        }

        var expression = (withLevelOperators ? ExpressionWithLevel : ExpressionWithoutLevel).Parse(body);

        Remember(cache, body, expression);
        return expression;
    }

    private static readonly IReadOnlyList<MacroStep> UseValueOnly = [MacroStep.UseValue];

    /// <summary>A non-empty run of name characters and nothing else.</summary>
    private static bool IsPlainName(string body)
    {
        if (body.Length == 0)
        {
            return false;
        }

        foreach (var c in body)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Adds to a bounded cache. The size is counted here: <see cref="ConcurrentDictionary{TKey, TValue}.Count"/>
    /// takes every lock of the dictionary, which made scanning a 10,000-parameter main.cf spend a quarter of its time
    /// counting.
    /// </summary>
    private static void Remember<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (Interlocked.Increment(ref cacheAdds) > CacheLimit * 3)
        {
            Interlocked.Exchange(ref cacheAdds, 0);
            cache.Clear();
        }

        cache.TryAdd(key, value);
    }
}
