namespace Postfix.Queue;

/// <summary>
/// A Postfix queue ID, validated: either the short form (upper-case hex: five digits of microseconds followed by the
/// inode number) or the long form of <c>enable_long_queue_ids = yes</c> (base-52 seconds, four base-52 digits of
/// microseconds, <c>z</c>, base-51 inode number). Anything else — including an ID followed by a status mark such as
/// <c>*</c>, <c>!</c> or <c>#</c> — is rejected, so a <see cref="QueueId"/> is always safe to hand to <c>postsuper</c>.
/// </summary>
public readonly struct QueueId : IEquatable<QueueId>, IComparable<QueueId>
{
    /// <summary>The 52 digits of long queue IDs, in value order (no vowels).</summary>
    internal const string LongAlphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";

    private static readonly sbyte[] LongDigitValues = BuildLongDigitValues();

    private readonly string? _value;

    private QueueId(string value, bool isLong)
    {
        _value = value;
        IsLong = isLong;
    }

    /// <summary>The ID as Postfix prints it (without any status mark). Empty for <c>default(QueueId)</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this is a long (base-52, time-decodable) queue ID.</summary>
    public bool IsLong { get; }

    /// <summary>Whether this value holds an ID (false only for <c>default(QueueId)</c>).</summary>
    public bool HasValue => _value is not null;

    /// <summary>
    /// For a long ID, the time the queue file was created (seconds and microseconds encoded in the ID); null for a short
    /// ID, whose hex digits hold only the microseconds.
    /// </summary>
    public DateTimeOffset? EnqueueTime
    {
        get
        {
            if (!IsLong || _value is null)
            {
                return null;
            }

            var z = _value.LastIndexOf('z');
            var seconds = DecodeLong(_value.AsSpan(0, z - 4), 52);
            var micros = DecodeLong(_value.AsSpan(z - 4, 4), 52);
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
        }
    }

    /// <summary>The microseconds part of the ID (0–999999).</summary>
    public int Microseconds
    {
        get
        {
            if (_value is null)
            {
                return 0;
            }

            if (IsLong)
            {
                var z = _value.LastIndexOf('z');
                return (int)DecodeLong(_value.AsSpan(z - 4, 4), 52);
            }

            return int.Parse(_value.AsSpan(0, 5), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The inode number of the queue file encoded in the ID (null if it does not fit in 64 bits).</summary>
    public ulong? InodeNumber
    {
        get
        {
            if (_value is null)
            {
                return null;
            }

            if (IsLong)
            {
                var z = _value.LastIndexOf('z');
                return DecodeUnsigned(_value.AsSpan(z + 1), 51);
            }

            var hex = _value.AsSpan(5);
            return hex.Length > 16 ? null : ulong.Parse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Equality by the exact text (queue IDs are case-sensitive).</summary>
    public static bool operator ==(QueueId left, QueueId right) => left.Equals(right);

    /// <summary>Inequality by the exact text.</summary>
    public static bool operator !=(QueueId left, QueueId right) => !left.Equals(right);

    /// <summary>Ordinal ordering.</summary>
    public static bool operator <(QueueId left, QueueId right) => left.CompareTo(right) < 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator >(QueueId left, QueueId right) => left.CompareTo(right) > 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator <=(QueueId left, QueueId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordinal ordering.</summary>
    public static bool operator >=(QueueId left, QueueId right) => left.CompareTo(right) >= 0;

    /// <summary>Parses a bare queue ID (no status mark, no whitespace).</summary>
    /// <exception cref="FormatException">The text is neither a short nor a long queue ID.</exception>
    public static QueueId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out var id)
            ? id
            : throw new FormatException($"invalid mail queue id: {text}");
    }

    /// <summary>Tries to parse a bare queue ID.</summary>
    public static bool TryParse(string? text, out QueueId id)
    {
        if (text is null)
        {
            id = default;
            return false;
        }

        return TryParse(text.AsSpan(), out id, text);
    }

    /// <summary>Tries to parse a bare queue ID.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out QueueId id) => TryParse(text, out id, null);

    /// <summary>Whether <paramref name="text"/> is a short (hex) queue ID: <c>^[0-9A-F]{5}[1-9A-F][0-9A-F]*$</c>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool IsShortForm(ReadOnlySpan<char> text)
    {
        if (text.Length < 6 || text.Length > 5 + 16)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text[5] != '0';
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a long queue ID: at least six base-52 digits of seconds, four of microseconds
    /// (a value below one million), <c>z</c>, and a base-51 inode number without leading zero.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool IsLongForm(ReadOnlySpan<char> text)
    {
        var z = text.LastIndexOf('z');
        if (z < 10 || z == text.Length - 1 || text.Length > 64)
        {
            return false;
        }

        for (var i = 0; i < z; i++)
        {
            if (LongDigit(text[i]) < 0)
            {
                return false;
            }
        }

        if (DecodeLong(text.Slice(z - 4, 4), 52) >= 1_000_000)
        {
            return false;
        }

        if (text[z + 1] == '0')
        {
            return false;
        }

        for (var i = z + 1; i < text.Length; i++)
        {
            var d = LongDigit(text[i]);
            if (d is < 0 or >= 51)
            {
                return false;
            }
        }

        return DecodeUnsigned(text[(z + 1)..], 51) is not null && DecodeUnsigned(text[..(z - 4)], 52) is not null;
    }

    /// <summary>Builds the long queue ID Postfix would give a file created at <paramref name="time"/> with inode <paramref name="inode"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is before 1970 or the inode number is zero.</exception>
    public static QueueId CreateLong(DateTimeOffset time, ulong inode)
    {
        ArgumentOutOfRangeException.ThrowIfZero(inode);
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        ArgumentOutOfRangeException.ThrowIfNegative(ticks);
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var micros = (ulong)(ticks % TimeSpan.TicksPerSecond / 10);
        var text = Encode(seconds, 52, 6) + Encode(micros, 52, 4) + "z" + Encode(inode, 51, 1);
        return new QueueId(text, true);
    }

    /// <summary>Builds the short queue ID Postfix would give a file created at microsecond <paramref name="microseconds"/> with inode <paramref name="inode"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Microseconds outside 0–999999 or a zero inode number.</exception>
    public static QueueId CreateShort(int microseconds, ulong inode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(microseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(microseconds, 999_999);
        ArgumentOutOfRangeException.ThrowIfZero(inode);
        return new QueueId(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{microseconds:X5}{inode:X}"), false);
    }

    /// <inheritdoc/>
    public bool Equals(QueueId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is QueueId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <inheritdoc/>
    public int CompareTo(QueueId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>The ID text.</summary>
    public override string ToString() => Value;

    private static bool TryParse(ReadOnlySpan<char> text, out QueueId id, string? original)
    {
        if (IsShortForm(text))
        {
            id = new QueueId(original ?? text.ToString(), false);
            return true;
        }

        if (IsLongForm(text))
        {
            id = new QueueId(original ?? text.ToString(), true);
            return true;
        }

        id = default;
        return false;
    }

    private static int LongDigit(char c) => c < 128 ? LongDigitValues[c] : -1;

    private static long DecodeLong(ReadOnlySpan<char> digits, int radix)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = checked((value * radix) + LongDigit(c));
        }

        return value;
    }

    private static ulong? DecodeUnsigned(ReadOnlySpan<char> digits, int radix)
    {
        ulong value = 0;
        foreach (var c in digits)
        {
            var d = (ulong)LongDigit(c);
            if (value > (ulong.MaxValue - d) / (ulong)radix)
            {
                return null;
            }

            value = (value * (ulong)radix) + d;
        }

        return value;
    }

    private static string Encode(ulong value, int radix, int minDigits)
    {
        Span<char> buffer = stackalloc char[32];
        var at = buffer.Length;
        do
        {
            buffer[--at] = LongAlphabet[(int)(value % (ulong)radix)];
            value /= (ulong)radix;
        }
        while (value > 0);
        while (buffer.Length - at < minDigits)
        {
            buffer[--at] = '0';
        }

        return buffer[at..].ToString();
    }

    private static sbyte[] BuildLongDigitValues()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < LongAlphabet.Length; i++)
        {
            table[LongAlphabet[i]] = (sbyte)i;
        }

        return table;
    }
}
