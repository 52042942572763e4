namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// Parses a POSIX regular expression exactly as glibc's <c>regcomp()</c> does in the C locale, with the syntax bits
/// Postfix gets: <c>REG_EXTENDED</c> (ERE) or basic (BRE, with GNU <c>\+ \? \|</c>), <c>REG_ICASE</c> (pattern and
/// subject upper-cased, ASCII only) and <c>REG_NEWLINE</c>. GNU operators <c>\w \W \s \S \b \B \&lt; \&gt; \` \'</c>
/// and back-references <c>\1</c>–<c>\9</c> work in both syntaxes; any other escaped byte is that byte.
/// Errors throw <see cref="PosixSyntaxException"/> with <c>regerror()</c>'s message.
/// </summary>
internal sealed class PosixParser
{
    private const int DupMax = 0x7fff;

    private readonly string _raw;
    private readonly string _up;
    private readonly bool _ere;
    private readonly bool _icase;
    private readonly bool _newline;
    private int _pos;
    private Token _token;
    private int _nsub;
    private int _completed;
    private int _nextId;

    private PosixParser(string pattern, bool extended, bool ignoreCase, bool newline)
    {
        _raw = pattern;
        _up = ignoreCase ? ToUpperAscii(pattern) : pattern;
        _ere = extended;
        _icase = ignoreCase;
        _newline = newline;
    }

    private enum Kind
    {
        Character,
        End,
        TrailingBackslash,
        Alt,
        Open,
        Close,
        Star,
        Plus,
        Question,
        OpenBrace,
        CloseBrace,
        OpenBracket,
        Period,
        BackReference,
        Anchor,
        Word,
        NotWord,
        Space,
        NotSpace,
    }

    public int SubexpressionCount => _nsub;

    public bool HasBackReferences { get; private set; }

    public static readonly ByteSet WordChars = ByteSet.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_');

    public static readonly ByteSet SpaceChars = ByteSet.Where(c => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r');

    /// <summary>Parses <paramref name="pattern"/> (byte text). Throws <see cref="PosixSyntaxException"/>.</summary>
    public static PosixRegexSyntax Parse(string pattern, bool extended, bool ignoreCase, bool newline)
    {
        var p = new PosixParser(pattern, extended, ignoreCase, newline);
        p.Fetch(caretAnchors: true);
        var root = p.ParseRegExp(0);
        if (p._token.Kind != Kind.End)
        {
            // A stray close of a group at top level: ERE treats it as a character, so this is BRE's \).
            throw new PosixSyntaxException(PosixSyntaxException.UnmatchedRightParen);
        }

        return new PosixRegexSyntax(root, p._nsub, p.HasBackReferences, p._nextId);
    }

    private static string ToUpperAscii(string s) =>
        string.Create(s.Length, s, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                span[i] = c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
            }
        });

    private static int ToUpper(int c) => c is >= 'a' and <= 'z' ? c - 32 : c;

    private T Node<T>(T node)
        where T : PosixNode
    {
        node.Id = _nextId++;
        return node;
    }

    /// <summary>The bytes a set matches once REG_ICASE is applied: x matches when toupper(x) is in the set.</summary>
    private ByteSet Effective(ByteSet upperSet) =>
        _icase ? ByteSet.Where(x => upperSet.Contains(ToUpper(x))) : upperSet;

    private PosixNode ParseRegExp(int nest)
    {
        var initial = _completed;
        var branches = new List<PosixNode> { ParseBranch(nest) };
        while (_token.Kind == Kind.Alt)
        {
            Fetch(caretAnchors: true);
            if (_token.Kind != Kind.Alt && _token.Kind != Kind.End && (nest == 0 || _token.Kind != Kind.Close))
            {
                var accumulated = _completed;
                _completed = initial;
                branches.Add(ParseBranch(nest));
                _completed |= accumulated;
            }
            else
            {
                branches.Add(Node(new PosixEmpty()));
            }
        }

        return branches.Count == 1 ? branches[0] : Node(new PosixAlternation(branches));
    }

    private PosixNode ParseBranch(int nest)
    {
        var items = new List<PosixNode>();
        var first = ParseExpression(nest);
        if (first is not null)
        {
            items.Add(first);
        }

        while (_token.Kind != Kind.Alt && _token.Kind != Kind.End && (nest == 0 || _token.Kind != Kind.Close))
        {
            var next = ParseExpression(nest);
            if (next is not null)
            {
                items.Add(next);
            }
        }

        return items.Count switch
        {
            0 => Node(new PosixEmpty()),
            1 => items[0],
            _ => Node(new PosixConcat(items)),
        };
    }

    private PosixNode? ParseExpression(int nest)
    {
        PosixNode? tree;
        switch (_token.Kind)
        {
            case Kind.Character:
                tree = Node(new PosixSet(Effective(ByteSet.Of(_token.Char))));
                break;
            case Kind.Period:
                tree = Node(new PosixSet(_newline ? ByteSet.All.Without('\n') : ByteSet.All));
                break;
            case Kind.Word:
                tree = Node(new PosixSet(Effective(WordChars)));
                break;
            case Kind.NotWord:
                tree = Node(new PosixSet(Effective(WordChars.Complement())));
                break;
            case Kind.Space:
                tree = Node(new PosixSet(Effective(SpaceChars)));
                break;
            case Kind.NotSpace:
                tree = Node(new PosixSet(Effective(SpaceChars.Complement())));
                break;
            case Kind.Open:
                tree = ParseSubexpression(nest + 1);
                break;
            case Kind.OpenBracket:
                tree = Node(new PosixSet(ParseBracket()));
                break;
            case Kind.BackReference:
                if ((_completed & (1 << (_token.Index - 1))) == 0)
                {
                    throw new PosixSyntaxException(PosixSyntaxException.BadBackReference);
                }

                HasBackReferences = true;
                tree = Node(new PosixBackReference(_token.Index, _icase));
                break;
            case Kind.OpenBrace when !_ere:
                throw new PosixSyntaxException(PosixSyntaxException.BadRepeat);
            case Kind.OpenBrace or Kind.Star or Kind.Plus or Kind.Question:
                if (_ere)
                {
                    throw new PosixSyntaxException(PosixSyntaxException.BadRepeat);
                }

                tree = Node(new PosixSet(Effective(ByteSet.Of(_token.Char))));
                break;
            case Kind.Close:
                if (!_ere)
                {
                    throw new PosixSyntaxException(PosixSyntaxException.UnmatchedRightParen);
                }

                tree = Node(new PosixSet(Effective(ByteSet.Of(_token.Char))));
                break;
            case Kind.CloseBrace:
                tree = Node(new PosixSet(Effective(ByteSet.Of(_token.Char))));
                break;
            case Kind.Anchor:
                tree = Node(new PosixAssert(_token.Anchor, _newline));

                // Anchors cannot be repeated: the next token starts a new expression.
                Fetch(caretAnchors: false);
                return tree;
            case Kind.TrailingBackslash:
                throw new PosixSyntaxException(PosixSyntaxException.TrailingBackslash);
            default:
                // Alt or End: an empty expression.
                return null;
        }

        Fetch(caretAnchors: false);
        while (_token.Kind is Kind.Star or Kind.Plus or Kind.Question or Kind.OpenBrace)
        {
            tree = ParseDuplication(tree);
            if (!_ere && _token.Kind is Kind.Star or Kind.OpenBrace)
            {
                throw new PosixSyntaxException(PosixSyntaxException.BadRepeat);
            }
        }

        return tree;
    }

    private PosixGroup ParseSubexpression(int nest)
    {
        var index = ++_nsub;
        Fetch(caretAnchors: true);
        PosixNode body;
        if (_token.Kind == Kind.Close)
        {
            body = Node(new PosixEmpty());
        }
        else
        {
            body = ParseRegExp(nest);
            if (_token.Kind != Kind.Close)
            {
                throw new PosixSyntaxException(PosixSyntaxException.UnmatchedParen);
            }
        }

        if (index <= 9)
        {
            _completed |= 1 << (index - 1);
        }

        return Node(new PosixGroup(index, body));
    }

    private PosixRepeat ParseDuplication(PosixNode element)
    {
        int min, max;
        if (_token.Kind == Kind.OpenBrace)
        {
            var start = FetchNumber();
            if (start == -1)
            {
                if (_token.Kind == Kind.Character && _token.Char == ',')
                {
                    start = 0;
                }
                else
                {
                    throw new PosixSyntaxException(PosixSyntaxException.BadBrace);
                }
            }

            var end = 0;
            if (start != -2)
            {
                end = _token.Kind == Kind.CloseBrace ? start
                    : _token.Kind == Kind.Character && _token.Char == ',' ? FetchNumber() : -2;
            }

            if (start == -2 || end == -2)
            {
                throw new PosixSyntaxException(_token.Kind == Kind.End
                    ? PosixSyntaxException.UnmatchedBrace
                    : PosixSyntaxException.BadBrace);
            }

            if ((end != -1 && start > end) || _token.Kind != Kind.CloseBrace)
            {
                throw new PosixSyntaxException(PosixSyntaxException.BadBrace);
            }

            if ((end == -1 ? start : end) > DupMax)
            {
                throw new PosixSyntaxException(PosixSyntaxException.TooBig);
            }

            min = start;
            max = end;
        }
        else
        {
            (min, max) = _token.Kind switch
            {
                Kind.Star => (0, -1),
                Kind.Plus => (1, -1),
                _ => (0, 1),
            };
        }

        Fetch(caretAnchors: false);
        return Node(new PosixRepeat(element, min, max));
    }

    /// <summary>glibc <c>fetch_number()</c>: -1 nothing, -2 invalid, else the number (capped just above the limit).</summary>
    private int FetchNumber()
    {
        var num = -1;
        while (true)
        {
            Fetch(caretAnchors: false);
            if (_token.Kind == Kind.End)
            {
                return -2;
            }

            if (_token.Kind == Kind.CloseBrace || (_token.Kind == Kind.Character && _token.Char == ','))
            {
                break;
            }

            var c = _token.Char;
            num = _token.Kind != Kind.Character || c < '0' || c > '9' || num == -2
                ? -2
                : num == -1 ? c - '0' : Math.Min(DupMax + 1, (num * 10) + c - '0');
        }

        return num;
    }

    private ByteSet ParseBracket()
    {
        // _pos is just past '['.
        var set = ByteSet.Empty;
        var nonMatch = false;
        if (_pos >= _up.Length)
        {
            throw new PosixSyntaxException(PosixSyntaxException.BadPattern);
        }

        if (_up[_pos] == '^')
        {
            nonMatch = true;
            if (_newline)
            {
                set = set.With('\n');
            }

            _pos++;
            if (_pos >= _up.Length)
            {
                throw new PosixSyntaxException(PosixSyntaxException.BadPattern);
            }
        }

        var first = true;
        while (true)
        {
            if (_pos >= _up.Length)
            {
                throw new PosixSyntaxException(PosixSyntaxException.UnmatchedBracket);
            }

            var start = ParseBracketElement(acceptHyphen: first);
            first = false;
            if (_pos >= _up.Length)
            {
                throw new PosixSyntaxException(PosixSyntaxException.UnmatchedBracket);
            }

            var isRange = false;
            if (start.Kind is not (ElementKind.Class or ElementKind.Equivalence) && _up[_pos] == '-')
            {
                _pos++;
                if (_pos >= _up.Length)
                {
                    throw new PosixSyntaxException(PosixSyntaxException.UnmatchedBracket);
                }

                if (_up[_pos] == ']')
                {
                    // A '-' just before ']' is a character: read it again as the next element.
                    _pos--;
                }
                else
                {
                    isRange = true;
                }
            }

            if (isRange)
            {
                var end = ParseBracketElement(acceptHyphen: true);
                set = set.Union(BuildRange(start, end));
            }
            else
            {
                set = set.Union(start.Kind switch
                {
                    ElementKind.Class => BuildClass(start.Name),
                    ElementKind.Char => ByteSet.Of(start.Char),
                    _ => SingleCollating(start.Name),
                });
            }

            if (_pos >= _up.Length)
            {
                throw new PosixSyntaxException(PosixSyntaxException.UnmatchedBracket);
            }

            if (_up[_pos] == ']')
            {
                _pos++;
                break;
            }
        }

        var effective = Effective(set);
        if (nonMatch)
        {
            // REG_ICASE applies to the members before the list is negated (glibc negates the upper-case bitset).
            effective = Effective(set.Complement());
        }

        return effective;
    }

    private enum ElementKind
    {
        Char,
        Collating,
        Equivalence,
        Class,
    }

    private readonly record struct Element(ElementKind Kind, int Char, string Name);

    private Element ParseBracketElement(bool acceptHyphen)
    {
        var c = _up[_pos];
        if (c == '[' && _pos + 1 < _up.Length && _up[_pos + 1] is '.' or '=' or ':')
        {
            var delim = _up[_pos + 1];
            _pos += 2;
            return ParseBracketSymbol(delim);
        }

        if (c == '-' && !acceptHyphen)
        {
            // A '-' is only a character at the start or just before the closing ']'.
            if (_pos + 1 >= _up.Length || _up[_pos + 1] != ']')
            {
                throw new PosixSyntaxException(PosixSyntaxException.BadRange);
            }
        }

        _pos++;
        return new Element(ElementKind.Char, c, string.Empty);
    }

    private Element ParseBracketSymbol(char delim)
    {
        if (_pos >= _up.Length)
        {
            throw new PosixSyntaxException(PosixSyntaxException.UnmatchedBracket);
        }

        var name = new System.Text.StringBuilder();
        for (var i = 0; ; i++)
        {
            if (i >= 32)
            {
                throw new PosixSyntaxException(PosixSyntaxException.UnmatchedBracket);
            }

            // Class names keep their case under REG_ICASE; collating symbols and equivalence classes do not.
            var ch = delim == ':' ? _raw[_pos] : _up[_pos];
            _pos++;
            if (_pos >= _up.Length)
            {
                throw new PosixSyntaxException(PosixSyntaxException.UnmatchedBracket);
            }

            if (ch == delim && _up[_pos] == ']')
            {
                break;
            }

            name.Append(ch);
        }

        _pos++;
        var kind = delim switch
        {
            ':' => ElementKind.Class,
            '=' => ElementKind.Equivalence,
            _ => ElementKind.Collating,
        };
        return new Element(kind, 0, name.ToString());
    }

    private static ByteSet SingleCollating(string name) =>
        name.Length == 1 ? ByteSet.Of(name[0]) : throw new PosixSyntaxException(PosixSyntaxException.BadCollation);

    private static ByteSet BuildRange(Element start, Element end)
    {
        if (start.Kind is ElementKind.Class or ElementKind.Equivalence || end.Kind is ElementKind.Class or ElementKind.Equivalence)
        {
            throw new PosixSyntaxException(PosixSyntaxException.BadRange);
        }

        if ((start.Kind == ElementKind.Collating && start.Name.Length > 1) || (end.Kind == ElementKind.Collating && end.Name.Length > 1))
        {
            throw new PosixSyntaxException(PosixSyntaxException.BadCollation);
        }

        int from = start.Kind == ElementKind.Char ? start.Char : (start.Name.Length > 0 ? start.Name[0] : 0);
        int to = end.Kind == ElementKind.Char ? end.Char : (end.Name.Length > 0 ? end.Name[0] : 0);
        if (from > to)
        {
            throw new PosixSyntaxException(PosixSyntaxException.BadRange);
        }

        return ByteSet.Range(from, to);
    }

    private ByteSet BuildClass(string name)
    {
        if (_icase && name is "upper" or "lower")
        {
            name = "alpha";
        }

        return name switch
        {
            "alpha" => ByteSet.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z'),
            "upper" => ByteSet.Range('A', 'Z'),
            "lower" => ByteSet.Range('a', 'z'),
            "digit" => ByteSet.Range('0', '9'),
            "xdigit" => ByteSet.Where(c => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F'),
            "space" => SpaceChars,
            "print" => ByteSet.Range(0x20, 0x7e),
            "punct" => ByteSet.Where(c => c is >= 0x21 and <= 0x7e && !(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')),
            "graph" => ByteSet.Range(0x21, 0x7e),
            "cntrl" => ByteSet.Where(c => c < 0x20 || c == 0x7f),
            "blank" => ByteSet.Where(c => c is ' ' or '\t'),
            "alnum" => ByteSet.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'),
            _ => throw new PosixSyntaxException(PosixSyntaxException.BadClass),
        };
    }

    private readonly record struct Token(Kind Kind, int Char = 0, int Index = 0, PosixAssertion Anchor = PosixAssertion.LineStart);

    /// <summary>glibc <c>peek_token()</c> + skip: reads the next token into <see cref="_token"/>.</summary>
    private void Fetch(bool caretAnchors)
    {
        _token = Peek(_pos, caretAnchors, out var length);
        _pos += length;
    }

    private Token Peek(int pos, bool caretAnchors, out int length)
    {
        if (pos >= _up.Length)
        {
            length = 0;
            return new Token(Kind.End);
        }

        var c = _up[pos];
        length = 1;
        if (c == '\\')
        {
            if (pos + 1 >= _up.Length)
            {
                return new Token(Kind.TrailingBackslash);
            }

            length = 2;
            var c2 = _raw[pos + 1];
            var plain = new Token(Kind.Character, c2);
            return c2 switch
            {
                '|' when !_ere => new Token(Kind.Alt, c2),
                >= '1' and <= '9' => new Token(Kind.BackReference, c2, c2 - '0'),
                '<' => new Token(Kind.Anchor, c2, 0, PosixAssertion.WordStart),
                '>' => new Token(Kind.Anchor, c2, 0, PosixAssertion.WordEnd),
                'b' => new Token(Kind.Anchor, c2, 0, PosixAssertion.WordBoundary),
                'B' => new Token(Kind.Anchor, c2, 0, PosixAssertion.NotWordBoundary),
                'w' => new Token(Kind.Word, c2),
                'W' => new Token(Kind.NotWord, c2),
                's' => new Token(Kind.Space, c2),
                'S' => new Token(Kind.NotSpace, c2),
                '`' => new Token(Kind.Anchor, c2, 0, PosixAssertion.BufferStart),
                '\'' => new Token(Kind.Anchor, c2, 0, PosixAssertion.BufferEnd),
                '(' when !_ere => new Token(Kind.Open, c2),
                ')' when !_ere => new Token(Kind.Close, c2),
                '+' when !_ere => new Token(Kind.Plus, c2),
                '?' when !_ere => new Token(Kind.Question, c2),
                '{' when !_ere => new Token(Kind.OpenBrace, c2),
                '}' when !_ere => new Token(Kind.CloseBrace, c2),
                _ => plain,
            };
        }

        switch (c)
        {
            case '|' when _ere:
                return new Token(Kind.Alt, c);
            case '*':
                return new Token(Kind.Star, c);
            case '+' when _ere:
                return new Token(Kind.Plus, c);
            case '?' when _ere:
                return new Token(Kind.Question, c);
            case '{' when _ere:
                return new Token(Kind.OpenBrace, c);
            case '}' when _ere:
                return new Token(Kind.CloseBrace, c);
            case '(' when _ere:
                return new Token(Kind.Open, c);
            case ')' when _ere:
                return new Token(Kind.Close, c);
            case '[':
                return new Token(Kind.OpenBracket, c);
            case '.':
                return new Token(Kind.Period, c);
            case '^':
                if (!_ere && !caretAnchors && pos != 0)
                {
                    break;
                }

                return new Token(Kind.Anchor, c, 0, PosixAssertion.LineStart);
            case '$':
                if (!_ere && pos + 1 != _up.Length)
                {
                    var next = Peek(pos + 1, caretAnchors: false, out _);
                    if (next.Kind is not (Kind.Alt or Kind.Close))
                    {
                        break;
                    }
                }

                return new Token(Kind.Anchor, c, 0, PosixAssertion.LineEnd);
        }

        return new Token(Kind.Character, c);
    }
}
