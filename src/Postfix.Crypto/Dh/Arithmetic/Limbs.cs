using System.Numerics;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>Conversions between <see cref="BigInteger"/> and little-endian digit arrays of 1 to 64 bits per digit.</summary>
internal static class Limbs
{
    /// <summary>Writes non-negative <paramref name="value"/> as digits of <paramref name="digitBits"/> bits (fully normalised).</summary>
    public static void Write(BigInteger value, Span<ulong> digits, int digitBits)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        var mask = digitBits == 64 ? ulong.MaxValue : (1UL << digitBits) - 1;
        var bitPos = 0L;
        var total = (long)bytes.Length * 8;
        for (var i = 0; i < digits.Length; i++)
        {
            if (bitPos >= total)
            {
                digits[i] = 0;
                continue;
            }

            digits[i] = ReadBits(bytes, bitPos, digitBits) & mask;
            bitPos += digitBits;
        }

        if (bitPos < total && !IsZeroFrom(bytes, bitPos))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "value does not fit");
        }
    }

    /// <summary>Reads digits of <paramref name="digitBits"/> bits that may exceed the digit size (redundant form).</summary>
    public static BigInteger Read(ReadOnlySpan<ulong> digits, int digitBits)
    {
        if (digitBits == 64)
        {
            var bytes = new byte[digits.Length * 8];
            for (var i = 0; i < digits.Length; i++)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), digits[i]);
            }

            return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        }

        // Normalise carries (digits may be redundant), then pack.
        var mask = (1UL << digitBits) - 1;
        var norm = new ulong[digits.Length + 3];
        UInt128 carry = 0;
        for (var i = 0; i < norm.Length; i++)
        {
            var v = carry + (i < digits.Length ? digits[i] : 0UL);
            norm[i] = (ulong)v & mask;
            carry = v >> digitBits;
        }

        var outBytes = new byte[((norm.Length * digitBits) + 7) / 8 + 8];
        var pos = 0L;
        foreach (var d in norm)
        {
            for (var b = 0; b < digitBits; b++, pos++)
            {
                if (((d >> b) & 1) != 0)
                {
                    outBytes[pos >> 3] |= (byte)(1 << (int)(pos & 7));
                }
            }
        }

        return new BigInteger(outBytes, isUnsigned: true, isBigEndian: false);
    }

    private static ulong ReadBits(byte[] bytes, long bitPos, int count)
    {
        ulong result = 0;
        var got = 0;
        while (got < count)
        {
            var byteIndex = (bitPos + got) >> 3;
            if (byteIndex >= bytes.Length)
            {
                break;
            }

            var bitInByte = (int)((bitPos + got) & 7);
            var take = Math.Min(8 - bitInByte, count - got);
            var chunk = (ulong)((bytes[byteIndex] >> bitInByte) & ((1 << take) - 1));
            result |= chunk << got;
            got += take;
        }

        return result;
    }

    private static bool IsZeroFrom(byte[] bytes, long bitPos)
    {
        for (var p = bitPos; p < (long)bytes.Length * 8; p++)
        {
            if (((bytes[p >> 3] >> (int)(p & 7)) & 1) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
