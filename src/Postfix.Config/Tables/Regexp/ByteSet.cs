using System.Globalization;
using System.Text;

namespace Postfix.Config.Tables.Regexp;

/// <summary>An immutable set of byte values (0–255), what one bracket expression or literal matches.</summary>
internal readonly struct ByteSet : IEquatable<ByteSet>
{
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private ByteSet(ulong a, ulong b, ulong c, ulong d)
    {
        _a = a;
        _b = b;
        _c = c;
        _d = d;
    }

    public static ByteSet Empty => default;

    public static ByteSet All => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    public bool IsEmpty => (_a | _b | _c | _d) == 0;

    public bool IsAll => (_a & _b & _c & _d) == ulong.MaxValue;

    public static ByteSet Of(int value) => Empty.With(value);

    public static ByteSet Range(int from, int to)
    {
        var s = Empty;
        for (var i = from; i <= to; i++)
        {
            s = s.With(i);
        }

        return s;
    }

    public static ByteSet Where(Func<int, bool> predicate)
    {
        var s = Empty;
        for (var i = 0; i < 256; i++)
        {
            if (predicate(i))
            {
                s = s.With(i);
            }
        }

        return s;
    }

    public bool Contains(int value) => value switch
    {
        < 64 => ((_a >> value) & 1) != 0,
        < 128 => ((_b >> (value - 64)) & 1) != 0,
        < 192 => ((_c >> (value - 128)) & 1) != 0,
        < 256 => ((_d >> (value - 192)) & 1) != 0,
        _ => false,
    };

    public ByteSet With(int value) => value switch
    {
        < 64 => new(_a | (1UL << value), _b, _c, _d),
        < 128 => new(_a, _b | (1UL << (value - 64)), _c, _d),
        < 192 => new(_a, _b, _c | (1UL << (value - 128)), _d),
        _ => new(_a, _b, _c, _d | (1UL << (value - 192))),
    };

    public ByteSet Without(int value) => this.Except(Of(value));

    public ByteSet Union(ByteSet other) => new(_a | other._a, _b | other._b, _c | other._c, _d | other._d);

    public ByteSet Except(ByteSet other) => new(_a & ~other._a, _b & ~other._b, _c & ~other._c, _d & ~other._d);

    public ByteSet Complement() => new(~_a, ~_b, ~_c, ~_d);

    /// <summary>Adds the other-case partner of every ASCII letter in the set (C locale: ASCII only).</summary>
    public ByteSet FoldAsciiCase()
    {
        var s = this;
        for (var c = 'a'; c <= 'z'; c++)
        {
            if (Contains(c) || Contains(c - 32))
            {
                s = s.With(c).With(c - 32);
            }
        }

        return s;
    }

    public bool Equals(ByteSet other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is ByteSet other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>
    /// The set as a .NET character class over "regex text" (bytes below 0x80 as themselves, bytes 0x80–0xFF as
    /// U+E080–U+E0FF, see <see cref="RegexText"/>), with every member escaped so no .NET-only syntax leaks in.
    /// </summary>
    public string ToNetClass()
    {
        if (IsEmpty)
        {
            return "(?!)";
        }

        if (IsAll)
        {
            return @"[\s\S]";
        }

        var sb = new StringBuilder("[");
        var i = 0;
        while (i < 256)
        {
            if (!Contains(i))
            {
                i++;
                continue;
            }

            var j = i;
            while (j + 1 < 256 && Contains(j + 1) && (j + 1 != 0x80))
            {
                j++;
            }

            Append(sb, i);
            if (j > i)
            {
                if (j > i + 1)
                {
                    sb.Append('-');
                }

                Append(sb, j);
            }

            i = j + 1;
        }

        sb.Append(']');
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, int b)
    {
        var c = RegexText.Map((char)b);
        sb.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
    }

    public static bool operator ==(ByteSet left, ByteSet right) => left.Equals(right);

    public static bool operator !=(ByteSet left, ByteSet right) => !left.Equals(right);
}
