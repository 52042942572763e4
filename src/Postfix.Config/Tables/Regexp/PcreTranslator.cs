using System.Globalization;
using System.Text;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// Translates a PCRE2 pattern (as Postfix compiles it: 8-bit code units, no UTF, default C-locale character tables,
/// LF newlines) into an equivalent .NET pattern over regex text. Case-insensitivity, dot-all, multiline, extended,
/// ungreedy and anchoring are all spelled out in the output (character classes as explicit code-point lists, anchors as
/// look-arounds), so the .NET pattern runs with <c>RegexOptions.CultureInvariant</c> only. PCRE2 errors are reported with
/// PCRE2's message; constructs with no faithful .NET equivalent throw <see cref="UntranslatablePatternException"/>.
/// </summary>
internal sealed class PcreTranslator
{
    private const int Unbounded = -1;
    private static readonly ByteSet Digits = ByteSet.Range('0', '9');
    private static readonly ByteSet WordSet = PosixParser.WordChars;
    private static readonly ByteSet SpaceSet = ByteSet.Where(c => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r');
    private static readonly ByteSet HorizontalSpace = ByteSet.Where(c => c is ' ' or '\t' or 0xA0);
    private static readonly ByteSet VerticalSpace = ByteSet.Where(c => c is '\n' or '\v' or '\f' or '\r' or 0x85);

    private readonly string _p;
    private readonly PcreFlags _topFlags;
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly List<(int Number, int Offset)> _numberRefs = [];
    private readonly List<(string Name, int Offset)> _nameRefs = [];
    private int _pos;
    private int _groups;
    private StringBuilder? _prefix;
    private int _prefixLength;
    private bool _optionSetting;
    private Flags _flags;

    private PcreTranslator(string pattern, PcreFlags flags)
    {
        _p = pattern;
        _topFlags = flags;
        _flags = new Flags(
            (flags & PcreFlags.Caseless) != 0,
            (flags & PcreFlags.Multiline) != 0,
            (flags & PcreFlags.DotAll) != 0,
            (flags & PcreFlags.Extended) != 0,
            (flags & PcreFlags.Ungreedy) != 0,
            false,
            false);
    }

    private readonly record struct Flags(bool I, bool M, bool S, bool X, bool U, bool N, bool J);

    /// <summary>The translation: the .NET pattern and the PCRE2 capture count.</summary>
    public readonly record struct Result(string Pattern, int GroupCount);

    /// <summary>An item's length range in characters (max -1 = unbounded); used for look-behind checks.</summary>
    private readonly record struct Length(int Min, int Max)
    {
        public bool Fixed => Min == Max;

        public static Length Zero => new(0, 0);

        public Length Then(Length other) => new(Min + other.Min, Max < 0 || other.Max < 0 ? Unbounded : Max + other.Max);
    }

    public static Result Translate(string pattern, PcreFlags flags)
    {
        var t = new PcreTranslator(pattern, flags);
        var sb = new StringBuilder();
        var body = new StringBuilder();
        t.Alternation(body, out _, top: true);
        foreach (var (number, offset) in t._numberRefs)
        {
            if (number > t._groups || number == 0)
            {
                throw new PcreSyntaxException(offset, "reference to non-existent subpattern");
            }
        }

        foreach (var (name, offset) in t._nameRefs)
        {
            if (!t._names.ContainsKey(name))
            {
                throw new PcreSyntaxException(offset, "reference to non-existent subpattern");
            }
        }

        if ((flags & PcreFlags.Anchored) != 0)
        {
            sb.Append(@"\G(?:").Append(body).Append(')');
        }
        else
        {
            sb.Append(body);
        }

        return new Result(sb.ToString(), t._groups);
    }

    private bool AtEnd => _pos >= _p.Length;

    private char Cur => _p[_pos];

    private static UntranslatablePatternException Unsupported(string what) => new(what);

    private void SkipExtended()
    {
        while (_flags.X && !AtEnd)
        {
            var c = Cur;
            if (c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (!AtEnd && Cur != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>Parses alternatives up to ')' or the end; returns each branch's length range.</summary>
    private List<Length> Alternation(StringBuilder sb, out bool sawClose, bool top)
    {
        var lengths = new List<Length>();
        sawClose = false;
        while (true)
        {
            lengths.Add(Sequence(sb));
            if (AtEnd)
            {
                if (!top)
                {
                    throw new PcreSyntaxException(_p.Length, "missing closing parenthesis");
                }

                return lengths;
            }

            if (Cur == '|')
            {
                _pos++;
                sb.Append('|');
                continue;
            }

            // Cur == ')'
            if (top)
            {
                throw new PcreSyntaxException(_pos, "unmatched closing parenthesis");
            }

            _pos++;
            sawClose = true;
            return lengths;
        }
    }

    private Length Sequence(StringBuilder sb)
    {
        var total = Length.Zero;
        StringBuilder? pending = null;
        var pendingKind = AtomKind.Nothing;
        var pendingLength = Length.Zero;
        var quantified = false;
        var afterOptions = false;
        while (true)
        {
            SkipExtended();
            if (AtEnd || Cur is '|' or ')')
            {
                break;
            }

            if (IsQuantifierStart())
            {
                TryQuantifier(out var min, out var max, out var suffix);
                if (pending is null || pendingKind == AtomKind.NotRepeatable || quantified || afterOptions)
                {
                    var offset = _pos - (suffix == '\0' ? 1 : 2);
                    throw new PcreSyntaxException(offset, "quantifier does not follow a repeatable item");
                }

                var q = min == 0 && max == Unbounded ? "*"
                    : min == 1 && max == Unbounded ? "+"
                    : min == 0 && max == 1 ? "?"
                    : max == Unbounded ? "{" + Num(min) + ",}"
                    : "{" + Num(min) + "," + Num(max) + "}";
                var lazy = suffix == '?' ? !_flags.U : (suffix != '+' && _flags.U);
                var wrapped = new StringBuilder();
                if (suffix == '+')
                {
                    wrapped.Append("(?>(?:").Append(pending).Append(')').Append(q).Append(')');
                }
                else
                {
                    wrapped.Append("(?:").Append(pending).Append(')').Append(q).Append(lazy ? "?" : string.Empty);
                }

                pending = wrapped;
                pendingLength = new Length(pendingLength.Min * min, max == Unbounded || pendingLength.Max < 0 ? Unbounded : pendingLength.Max * max);
                quantified = true;
                continue;
            }

            var atom = new StringBuilder();
            var prefix = new StringBuilder();
            _prefix = prefix;
            _prefixLength = 0;
            _optionSetting = false;
            var kind = Atom(atom, out var length);
            var prefixLength = prefix.Length > 0 ? _prefixLength : 0;
            var optionSetting = _optionSetting;
            if (prefix.Length > 0)
            {
                sb.Append(pending);
                total = total.Then(pendingLength);
                pending = null;
                sb.Append(prefix);
                total = total.Then(new Length(prefixLength, prefixLength));
            }

            if (kind == AtomKind.Nothing)
            {
                // Comments are invisible to a following quantifier; an option setting is not.
                afterOptions |= optionSetting;
                continue;
            }

            sb.Append(pending);
            total = total.Then(pendingLength);
            pending = atom;
            pendingKind = kind;
            pendingLength = length;
            quantified = false;
            afterOptions = false;
        }

        sb.Append(pending);
        return total.Then(pendingLength);
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private bool IsQuantifierStart()
    {
        if (Cur is '*' or '+' or '?')
        {
            return true;
        }

        var save = _pos;
        var result = Cur == '{' && TryQuantifier(out _, out _, out _);
        _pos = save;
        return result;
    }

    private bool TryQuantifier(out int min, out int max, out char suffix)
    {
        min = 0;
        max = Unbounded;
        suffix = '\0';
        var start = _pos;
        switch (Cur)
        {
            case '*':
                _pos++;
                break;
            case '+':
                min = 1;
                _pos++;
                break;
            case '?':
                max = 1;
                _pos++;
                break;
            case '{':
                var p = _pos + 1;
                var lo = ReadNumber(ref p, out var hasLo);
                if (!hasLo)
                {
                    return false;
                }

                int hi;
                if (p < _p.Length && _p[p] == '}')
                {
                    hi = lo;
                }
                else if (p < _p.Length && _p[p] == ',')
                {
                    p++;
                    hi = ReadNumber(ref p, out var hasHi);
                    if (!hasHi)
                    {
                        hi = Unbounded;
                    }

                    if (p >= _p.Length || _p[p] != '}')
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }

                if (lo > 65535 || hi > 65535)
                {
                    throw new PcreSyntaxException(p, "number too big in {} quantifier");
                }

                if (hi != Unbounded && hi < lo)
                {
                    throw new PcreSyntaxException(p, "numbers out of order in {} quantifier");
                }

                min = lo;
                max = hi;
                _pos = p + 1;
                break;
            default:
                return false;
        }

        if (!AtEnd && Cur is '?' or '+')
        {
            suffix = Cur;
            _pos++;
        }

        return _pos > start;
    }

    private int ReadNumber(ref int p, out bool any)
    {
        long n = 0;
        any = false;
        while (p < _p.Length && _p[p] is >= '0' and <= '9')
        {
            n = Math.Min((n * 10) + (_p[p] - '0'), 1_000_000);
            p++;
            any = true;
        }

        return (int)n;
    }

    private enum AtomKind
    {
        Nothing,
        Repeatable,
        NotRepeatable,
        Assertion,
    }

    private AtomKind Atom(StringBuilder sb, out Length length)
    {
        length = new Length(1, 1);
        var c = Cur;
        switch (c)
        {
            case '(':
                return Group(sb, out length);
            case '[':
                _pos++;
                sb.Append(ParseClass().ToNetClass());
                return AtomKind.Repeatable;
            case '.':
                _pos++;
                sb.Append((_flags.S ? ByteSet.All : ByteSet.All.Without('\n')).ToNetClass());
                return AtomKind.Repeatable;
            case '^':
                _pos++;
                length = Length.Zero;
                sb.Append(_flags.M ? @"(?:\A|(?<=\n)(?=[\s\S]))" : @"\A");
                return AtomKind.NotRepeatable;
            case '$':
                _pos++;
                length = Length.Zero;
                sb.Append(_flags.M ? "(?m:$)"
                    : (_topFlags & PcreFlags.DollarEndOnly) != 0 ? @"\z"
                    : @"\Z");
                return AtomKind.NotRepeatable;
            case '*' or '+' or '?':
                throw new PcreSyntaxException(_pos, "quantifier does not follow a repeatable item");
            case '{':
                if (IsQuantifierStart())
                {
                    throw new PcreSyntaxException(_pos, "quantifier does not follow a repeatable item");
                }

                _pos++;
                sb.Append(Literal('{'));
                return AtomKind.Repeatable;
            case '\\':
                return Escape(sb, out length);
            default:
                _pos++;
                sb.Append(Literal(c));
                return AtomKind.Repeatable;
        }
    }

    private string Literal(int c)
    {
        var set = ByteSet.Of(c);
        if (_flags.I)
        {
            set = set.FoldAsciiCase();
        }

        if (set == ByteSet.Of(c) && (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'))
        {
            return ((char)c).ToString();
        }

        return set.ToNetClass();
    }

    private AtomKind Escape(StringBuilder sb, out Length length)
    {
        length = new Length(1, 1);
        var escStart = _pos;
        _pos++;
        if (AtEnd)
        {
            throw new PcreSyntaxException(_p.Length, @"\ at end of pattern");
        }

        var c = Cur;
        _pos++;
        switch (c)
        {
            case 'd': sb.Append(Digits.ToNetClass()); return AtomKind.Repeatable;
            case 'D': sb.Append(Digits.Complement().ToNetClass()); return AtomKind.Repeatable;
            case 'w': sb.Append(WordSet.ToNetClass()); return AtomKind.Repeatable;
            case 'W': sb.Append(WordSet.Complement().ToNetClass()); return AtomKind.Repeatable;
            case 's': sb.Append(SpaceSet.ToNetClass()); return AtomKind.Repeatable;
            case 'S': sb.Append(SpaceSet.Complement().ToNetClass()); return AtomKind.Repeatable;
            case 'h': sb.Append(HorizontalSpace.ToNetClass()); return AtomKind.Repeatable;
            case 'H': sb.Append(HorizontalSpace.Complement().ToNetClass()); return AtomKind.Repeatable;
            case 'v': sb.Append(VerticalSpace.ToNetClass()); return AtomKind.Repeatable;
            case 'V': sb.Append(VerticalSpace.Complement().ToNetClass()); return AtomKind.Repeatable;
            case 'N':
                if (!AtEnd && Cur == '{')
                {
                    throw new PcreSyntaxException(_pos, @"PCRE2 does not support \F, \L, \l, \N{name}, \U, or \u");
                }

                sb.Append(ByteSet.All.Without('\n').ToNetClass());
                return AtomKind.Repeatable;
            case 'C':
                sb.Append(ByteSet.All.ToNetClass());
                return AtomKind.Repeatable;
            case 'R':
                length = new Length(1, 2);
                sb.Append(@"(?>\r\n|").Append(VerticalSpace.ToNetClass()).Append(')');
                return AtomKind.Repeatable;
            case 'b':
                length = Length.Zero;
                sb.Append(@"(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))");
                return AtomKind.NotRepeatable;
            case 'B':
                length = Length.Zero;
                sb.Append(@"(?:(?<=[A-Za-z0-9_])(?=[A-Za-z0-9_])|(?<![A-Za-z0-9_])(?![A-Za-z0-9_]))");
                return AtomKind.NotRepeatable;
            case 'A':
                length = Length.Zero;
                sb.Append(@"\A");
                return AtomKind.NotRepeatable;
            case 'z':
                length = Length.Zero;
                sb.Append(@"\z");
                return AtomKind.NotRepeatable;
            case 'Z':
                length = Length.Zero;
                sb.Append(@"\Z");
                return AtomKind.NotRepeatable;
            case 'G':
                length = Length.Zero;
                sb.Append(@"\G");
                return AtomKind.NotRepeatable;
            case 'Q':
                var end = _p.IndexOf(@"\E", _pos, StringComparison.Ordinal);
                var quoted = end < 0 ? _p[_pos..] : _p[_pos..end];
                _pos = end < 0 ? _p.Length : end + 2;
                if (quoted.Length == 0)
                {
                    return AtomKind.Nothing;
                }

                // A following quantifier repeats only the last character of a \Q...\E run.
                for (var i = 0; i < quoted.Length - 1; i++)
                {
                    _prefix!.Append(Literal(quoted[i]));
                }

                _prefixLength += quoted.Length - 1;
                sb.Append(Literal(quoted[^1]));
                return AtomKind.Repeatable;
            case 'E':
                return AtomKind.Nothing;
            case 'K':
                throw Unsupported(@"\K (reset match start)");
            case 'X':
                throw Unsupported(@"\X (extended grapheme cluster)");
            case 'p' or 'P':
                throw Unsupported(@"\p and \P (Unicode properties)");
            case 'g':
                return GReference(sb, escStart, out length);
            case 'k':
                return KReference(sb, escStart, out length);
            case >= '1' and <= '9':
                _pos--;
                var numberStart = _pos;
                var p = _pos;
                var n = ReadNumber(ref p, out _);
                if (n < 10 || c is '8' or '9' || n <= _groups)
                {
                    _pos = p;
                    length = new Length(0, Unbounded);
                    sb.Append(BackReference(n, numberStart));
                    return AtomKind.Repeatable;
                }

                sb.Append(Literal(ReadOctal(3)));
                return AtomKind.Repeatable;
            case '0':
                _pos--;
                sb.Append(Literal(ReadOctal(3)));
                return AtomKind.Repeatable;
            default:
                sb.Append(Literal(SimpleEscape(c)));
                return AtomKind.Repeatable;
        }
    }

    private int ReadOctal(int maxDigits)
    {
        var value = 0;
        for (var i = 0; i < maxDigits && !AtEnd && Cur is >= '0' and <= '7'; i++)
        {
            value = (value * 8) + (Cur - '0');
            _pos++;
        }

        if (value > 0xFF)
        {
            throw new PcreSyntaxException(_pos, "octal value is greater than \\377 in 8-bit non-UTF-8 mode");
        }

        return value;
    }

    /// <summary>The byte for an escape that stands for one character (after the letter was read).</summary>
    private int SimpleEscape(char c)
    {
        switch (c)
        {
            case 'a': return 7;
            case 'e': return 27;
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'o':
                if (AtEnd || Cur != '{')
                {
                    throw new PcreSyntaxException(_pos, "missing opening brace after \\o");
                }

                _pos++;
                var ov = 0L;
                var anyOctal = false;
                while (!AtEnd && Cur is >= '0' and <= '7')
                {
                    ov = Math.Min((ov * 8) + (Cur - '0'), 0x10000);
                    _pos++;
                    anyOctal = true;
                }

                if (AtEnd || Cur != '}' || !anyOctal)
                {
                    throw new PcreSyntaxException(_pos, "non-octal character in \\o{} (closing brace missing?)");
                }

                _pos++;
                if (ov > 0xFF)
                {
                    throw new PcreSyntaxException(_pos - 1, "character code point value in \\x{} or \\o{} is too large");
                }

                return (int)ov;
            case 'x':
                if (!AtEnd && Cur == '{')
                {
                    var save = _pos;
                    _pos++;
                    var xv = 0L;
                    var anyHex = false;
                    while (!AtEnd && Uri.IsHexDigit(Cur))
                    {
                        xv = Math.Min((xv * 16) + Convert.ToInt32(Cur.ToString(), 16), 0x10000);
                        _pos++;
                        anyHex = true;
                    }

                    if (!AtEnd && Cur == '}' && anyHex)
                    {
                        _pos++;
                        if (xv > 0xFF)
                        {
                            throw new PcreSyntaxException(_pos - 1, "character code point value in \\x{} or \\o{} is too large");
                        }

                        return (int)xv;
                    }

                    throw new PcreSyntaxException(_pos, "non-hex character in \\x{} (closing brace missing?)");
                }

                var v = 0;
                for (var i = 0; i < 2 && !AtEnd && Uri.IsHexDigit(Cur); i++)
                {
                    v = (v * 16) + Convert.ToInt32(Cur.ToString(), 16);
                    _pos++;
                }

                return v;
            case 'c':
                if (AtEnd)
                {
                    throw new PcreSyntaxException(_pos, @"\c at end of pattern");
                }

                var x = Cur;
                if (x < 0x20 || x > 0x7e)
                {
                    throw new PcreSyntaxException(_pos, @"\c must be followed by a printable ASCII character");
                }

                _pos++;
                return (x is >= 'a' and <= 'z' ? x - 32 : x) ^ 0x40;
            case 'F' or 'L' or 'l' or 'U' or 'u':
                throw new PcreSyntaxException(_pos, @"PCRE2 does not support \F, \L, \l, \N{name}, \U, or \u");
            default:
                if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')
                {
                    throw new PcreSyntaxException(_pos, "unrecognized character follows \\");
                }

                return c;
        }
    }

    private string BackReference(int number, int offset)
    {
        _numberRefs.Add((number, offset));
        var reference = @"\k<" + Num(number) + ">";
        return _flags.I ? "(?i:" + reference + ")" : "(?:" + reference + ")";
    }

    private AtomKind GReference(StringBuilder sb, int escStart, out Length length)
    {
        length = new Length(0, Unbounded);
        if (AtEnd)
        {
            throw new PcreSyntaxException(_pos, @"a numbered reference must not be zero");
        }

        if (Cur is '<' or '\'')
        {
            throw Unsupported(@"\g<...> subroutine calls");
        }

        string body;
        if (Cur == '{')
        {
            var close = _p.IndexOf('}', _pos);
            if (close < 0)
            {
                throw new PcreSyntaxException(_pos, @"\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number");
            }

            body = _p[(_pos + 1)..close];
            _pos = close + 1;
        }
        else
        {
            var p = _pos;
            if (p < _p.Length && _p[p] is '-' or '+')
            {
                p++;
            }

            while (p < _p.Length && _p[p] is >= '0' and <= '9')
            {
                p++;
            }

            body = _p[_pos..p];
            _pos = p;
        }

        if (body.Length > 0 && (body[0] is '-' or '+' || char.IsAsciiDigit(body[0])))
        {
            if (!int.TryParse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || body.Length == 1 && body[0] is '-' or '+')
            {
                throw new PcreSyntaxException(_pos, @"\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number");
            }

            if (body[0] == '+')
            {
                throw Unsupported(@"\g+n relative forward references");
            }

            if (n < 0)
            {
                n = _groups + 1 + n;
                if (n <= 0)
                {
                    throw new PcreSyntaxException(escStart + 2, "reference to non-existent subpattern");
                }
            }

            if (n == 0)
            {
                throw new PcreSyntaxException(_pos, "a numbered reference must not be zero");
            }

            sb.Append(BackReference(n, escStart));
            return AtomKind.Repeatable;
        }

        sb.Append(NamedReference(body, escStart));
        return AtomKind.Repeatable;
    }

    private AtomKind KReference(StringBuilder sb, int escStart, out Length length)
    {
        length = new Length(0, Unbounded);
        if (AtEnd || Cur is not ('<' or '\'' or '{'))
        {
            throw new PcreSyntaxException(_pos, @"\k is not followed by a braced, angle-bracketed, or quoted name");
        }

        var close = Cur switch { '<' => '>', '\'' => '\'', _ => '}' };
        var end = _p.IndexOf(close, _pos + 1);
        if (end < 0)
        {
            throw new PcreSyntaxException(_pos, "syntax error in subpattern name (missing terminator?)");
        }

        var name = _p[(_pos + 1)..end];
        _pos = end + 1;
        sb.Append(NamedReference(name, escStart));
        return AtomKind.Repeatable;
    }

    private string NamedReference(string name, int offset)
    {
        CheckName(name, offset);
        _nameRefs.Add((name, offset));
        if (_names.TryGetValue(name, out var number))
        {
            return BackReference(number, offset);
        }

        throw Unsupported("a reference to a named group defined later in the pattern");
    }

    private static void CheckName(string name, int offset)
    {
        if (name.Length == 0)
        {
            throw new PcreSyntaxException(offset, "subpattern name expected");
        }

        if (char.IsAsciiDigit(name[0]))
        {
            throw new PcreSyntaxException(offset, "subpattern name must start with a non-digit");
        }

        if (name.Length > 32)
        {
            throw new PcreSyntaxException(offset, "subpattern name is too long (maximum 32 code units)");
        }

        foreach (var ch in name)
        {
            if (!(ch is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_'))
            {
                throw new PcreSyntaxException(offset, "syntax error in subpattern name (missing terminator?)");
            }
        }
    }

    private AtomKind Group(StringBuilder sb, out Length length)
    {
        var open = _pos;
        _pos++;
        var saved = _flags;
        string prefix;
        var kind = AtomKind.Repeatable;
        var lookbehind = false;
        if (!AtEnd && Cur == '*')
        {
            if (_pos + 1 < _p.Length && (char.IsAsciiLetter(_p[_pos + 1]) || _p[_pos + 1] == ':'))
            {
                throw Unsupported("(*VERB) and (*name:...) constructs");
            }

            throw new PcreSyntaxException(_pos, "quantifier does not follow a repeatable item");
        }

        if (!AtEnd && Cur == '?')
        {
            _pos++;
            if (AtEnd)
            {
                throw new PcreSyntaxException(_pos, "unrecognized character after (? or (?-");
            }

            var c = Cur;
            switch (c)
            {
                case '#':
                    var close = _p.IndexOf(')', _pos);
                    if (close < 0)
                    {
                        throw new PcreSyntaxException(_p.Length, "missing ) after (?# comment");
                    }

                    _pos = close + 1;
                    length = Length.Zero;
                    return AtomKind.Nothing;
                case ':':
                    _pos++;
                    prefix = "(?:";
                    break;
                case '>':
                    _pos++;
                    prefix = "(?>";
                    break;
                case '=' or '!':
                    _pos++;
                    prefix = "(?" + c;
                    kind = AtomKind.Assertion;
                    break;
                case '|':
                    throw Unsupported("(?| branch reset groups");
                case '(':
                    throw Unsupported("(?(condition)...) conditional groups");
                case 'C':
                    throw Unsupported("(?C) callouts");
                case 'R' or '&' or '+' or (>= '0' and <= '9'):
                    throw Unsupported("recursion and subroutine calls");
                case 'P':
                    _pos++;
                    if (!AtEnd && Cur == '<')
                    {
                        _pos++;
                        prefix = NamedGroup('>', open);
                        break;
                    }

                    if (!AtEnd && Cur == '=')
                    {
                        var endName = _p.IndexOf(')', _pos);
                        if (endName < 0)
                        {
                            throw new PcreSyntaxException(_p.Length, "syntax error in subpattern name (missing terminator?)");
                        }

                        var name = _p[(_pos + 1)..endName];
                        _pos = endName + 1;
                        sb.Append(NamedReference(name, open));
                        length = new Length(0, Unbounded);
                        return AtomKind.Repeatable;
                    }

                    if (!AtEnd && Cur == '>')
                    {
                        throw Unsupported("recursion and subroutine calls");
                    }

                    throw new PcreSyntaxException(_pos, "unrecognized character after (?P");
                case '<':
                    _pos++;
                    if (!AtEnd && Cur is '=' or '!')
                    {
                        prefix = "(?<" + Cur;
                        _pos++;
                        kind = AtomKind.Assertion;
                        lookbehind = true;
                        break;
                    }

                    prefix = NamedGroup('>', open);
                    break;
                case '\'':
                    _pos++;
                    prefix = NamedGroup('\'', open);
                    break;
                default:
                    // (?flags) or (?flags:...)
                    var f = _flags;
                    var negate = false;
                    if (c == '^')
                    {
                        f = f with { I = false, M = false, S = false, X = false, U = false, N = false };
                        _pos++;
                    }

                    while (!AtEnd && Cur is not (')' or ':'))
                    {
                        var ch = Cur;
                        var value = !negate;
                        switch (ch)
                        {
                            case '-': negate = true; break;
                            case 'i': f = f with { I = value }; break;
                            case 'm': f = f with { M = value }; break;
                            case 's': f = f with { S = value }; break;
                            case 'x':
                                if (_pos + 1 < _p.Length && _p[_pos + 1] == 'x')
                                {
                                    throw Unsupported("(?xx) extended-more mode");
                                }

                                f = f with { X = value };
                                break;
                            case 'n': f = f with { N = value }; break;
                            case 'U': f = f with { U = value }; break;
                            case 'J': f = f with { J = value }; break;
                            default:
                                throw new PcreSyntaxException(_pos, "unrecognized character after (? or (?-");
                        }

                        _pos++;
                    }

                    if (AtEnd)
                    {
                        throw new PcreSyntaxException(_pos, "missing closing parenthesis");
                    }

                    if (Cur == ')')
                    {
                        // Applies to the rest of the enclosing group.
                        _pos++;
                        _flags = f;
                        _optionSetting = true;
                        length = Length.Zero;
                        return AtomKind.Nothing;
                    }

                    _pos++;
                    _flags = f;
                    prefix = "(?:";
                    break;
            }
        }
        else if (_flags.N)
        {
            prefix = "(?:";
        }
        else
        {
            _groups++;
            prefix = "(";
        }

        sb.Append(prefix);
        var lengths = Alternation(sb, out _, top: false);
        sb.Append(')');
        _flags = saved;
        if (lookbehind)
        {
            foreach (var l in lengths)
            {
                if (!l.Fixed)
                {
                    throw new PcreSyntaxException(open, "lookbehind assertion is not fixed length");
                }
            }
        }

        if (kind == AtomKind.Assertion)
        {
            length = Length.Zero;
            return kind;
        }

        var min = lengths.Min(l => l.Min);
        var max = lengths.Any(l => l.Max < 0) ? Unbounded : lengths.Max(l => l.Max);
        length = new Length(min, max);
        return kind;
    }

    private string NamedGroup(char terminator, int offset)
    {
        if (AtEnd || !(char.IsAsciiLetter(Cur) || Cur == '_'))
        {
            throw new PcreSyntaxException(_pos, AtEnd || !char.IsAsciiDigit(Cur) ? "subpattern name expected" : "subpattern name must start with a non-digit");
        }

        var end = _p.IndexOf(terminator, _pos);
        if (end < 0)
        {
            throw new PcreSyntaxException(_pos, "syntax error in subpattern name (missing terminator?)");
        }

        var name = _p[_pos..end];
        CheckName(name, _pos);
        _pos = end + 1;
        _groups++;
        if (_names.ContainsKey(name))
        {
            if (!_flags.J)
            {
                throw new PcreSyntaxException(end, "two named subpatterns have the same name (PCRE2_DUPNAMES not set)");
            }

            throw Unsupported("duplicate group names");
        }

        _names[name] = _groups;
        return "(";
    }

    /// <summary>Parses a character class after '['; returns the set of bytes it matches (case folding applied).</summary>
    private ByteSet ParseClass()
    {
        var set = ByteSet.Empty;
        var negate = false;
        if (!AtEnd && Cur == '^')
        {
            negate = true;
            _pos++;
        }

        var first = true;
        while (true)
        {
            if (AtEnd)
            {
                throw new PcreSyntaxException(_p.Length, "missing terminating ] for character class");
            }

            var c = Cur;
            if (c == ']' && !first)
            {
                _pos++;
                break;
            }

            first = false;
            if (c == '[' && _pos + 1 < _p.Length && _p[_pos + 1] is ':' or '.' or '=')
            {
                var kind = _p[_pos + 1];
                var end = _p.IndexOf(kind + "]", _pos + 2, StringComparison.Ordinal);
                if (end >= 0)
                {
                    if (kind != ':')
                    {
                        throw new PcreSyntaxException(_pos, "POSIX collating elements are not supported");
                    }

                    var name = _p[(_pos + 2)..end];
                    var nameOffset = _pos + 2;
                    _pos = end + 2;
                    var neg = name.StartsWith('^');
                    var cls = PosixClass(neg ? name[1..] : name, nameOffset);
                    set = set.Union(neg ? cls.Complement() : cls);
                    if (!AtEnd && Cur == '-' && _pos + 1 < _p.Length && _p[_pos + 1] != ']')
                    {
                        throw new PcreSyntaxException(_pos + 1, "invalid range in character class");
                    }

                    continue;
                }
            }

            // One element: a character or an escape that is a character or a class.
            var (single, classSet) = ClassElement();
            if (classSet is { } multiple)
            {
                set = set.Union(multiple);
                if (!AtEnd && Cur == '-' && _pos + 1 < _p.Length && _p[_pos + 1] != ']')
                {
                    throw new PcreSyntaxException(_pos + 1, "invalid range in character class");
                }

                continue;
            }

            if (!AtEnd && Cur == '-' && _pos + 1 < _p.Length && _p[_pos + 1] != ']')
            {
                _pos++;
                var (endChar, endClass) = ClassElement();
                if (endClass is not null)
                {
                    throw new PcreSyntaxException(_pos, "invalid range in character class");
                }

                if (endChar < single)
                {
                    throw new PcreSyntaxException(_pos - 1, "range out of order in character class");
                }

                set = set.Union(ByteSet.Range(single, endChar));
                continue;
            }

            set = set.With(single);
        }

        if (_flags.I)
        {
            set = set.FoldAsciiCase();
        }

        return negate ? set.Complement() : set;
    }

    private (int Single, ByteSet? Class) ClassElement()
    {
        if (AtEnd)
        {
            throw new PcreSyntaxException(_p.Length, "missing terminating ] for character class");
        }

        var c = Cur;
        _pos++;
        if (c != '\\')
        {
            return (c, null);
        }

        if (AtEnd)
        {
            throw new PcreSyntaxException(_p.Length, @"\ at end of pattern");
        }

        var e = Cur;
        _pos++;
        switch (e)
        {
            case 'd': return (0, Digits);
            case 'D': return (0, Digits.Complement());
            case 'w': return (0, WordSet);
            case 'W': return (0, WordSet.Complement());
            case 's': return (0, SpaceSet);
            case 'S': return (0, SpaceSet.Complement());
            case 'h': return (0, HorizontalSpace);
            case 'H': return (0, HorizontalSpace.Complement());
            case 'v': return (0, VerticalSpace);
            case 'V': return (0, VerticalSpace.Complement());
            case 'b': return (8, null);
            case 'Q':
                throw Unsupported(@"\Q...\E inside a character class");
            case 'E':
                return ClassElement();
            case 'p' or 'P':
                throw Unsupported(@"\p and \P (Unicode properties)");
            case 'N' or 'R' or 'X' or 'B' or 'K' or 'A' or 'z' or 'Z' or 'G' or 'C' or 'g' or 'k':
                throw new PcreSyntaxException(_pos, "escape sequence is invalid in character class");
            case >= '0' and <= '7':
                _pos--;
                return (ReadOctal(3), null);
            case '8' or '9':
                throw new PcreSyntaxException(_pos, "unrecognized character follows \\");
            default:
                return (SimpleEscape(e), null);
        }
    }

    private static ByteSet PosixClass(string name, int offset) => name switch
    {
        "alpha" => ByteSet.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z'),
        "upper" => ByteSet.Range('A', 'Z'),
        "lower" => ByteSet.Range('a', 'z'),
        "digit" => Digits,
        "xdigit" => ByteSet.Where(c => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F'),
        "space" => SpaceSet,
        "blank" => ByteSet.Where(c => c is ' ' or '\t'),
        "print" => ByteSet.Range(0x20, 0x7e),
        "graph" => ByteSet.Range(0x21, 0x7e),
        "punct" => ByteSet.Where(c => c is >= 0x21 and <= 0x7e && !(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9')),
        "cntrl" => ByteSet.Where(c => c < 0x20 || c == 0x7f),
        "alnum" => ByteSet.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'),
        "word" => WordSet,
        "ascii" => ByteSet.Range(0, 0x7f),
        _ => throw new PcreSyntaxException(offset, "unknown POSIX class name"),
    };
}
