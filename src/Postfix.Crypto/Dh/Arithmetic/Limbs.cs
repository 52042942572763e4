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

        var byteCount = value.GetByteCount(isUnsigned: true);
        Span<byte> bytes = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        var mask = digitBits == 64 ? ulong.MaxValue : (1UL << digitBits) - 1;

        // A bit buffer of up to 64 + 8 bits: bytes go in at the top, digits come out at the bottom.
        UInt128 buffer = 0;
        var have = 0;
        var next = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            while (have < digitBits && next < bytes.Length)
            {
                buffer |= (UInt128)bytes[next++] << have;
                have += 8;
            }

            digits[i] = (ulong)buffer & mask;
            buffer >>= digitBits;
            have = Math.Max(0, have - digitBits);
        }

        if (buffer != 0 || bytes[next..].IndexOfAnyExcept((byte)0) >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "value does not fit");
        }
    }

    /// <summary>Reads digits of <paramref name="digitBits"/> bits that may exceed the digit size (redundant form).</summary>
    public static BigInteger Read(ReadOnlySpan<ulong> digits, int digitBits)
    {
        // Each digit is below 2^64; the running carry stays below 2^(64 − digitBits + 1), so carry + digit fits 128 bits.
        var bytes = new byte[((((digits.Length + 3) * digitBits) + 7) / 8) + 16];
        var mask = digitBits == 64 ? ulong.MaxValue : (1UL << digitBits) - 1;
        UInt128 carry = 0;
        UInt128 buffer = 0;
        var have = 0;
        var at = 0;
        for (var i = 0; i < digits.Length + 3; i++)
        {
            var v = carry + (i < digits.Length ? digits[i] : 0UL);
            buffer |= (UInt128)((ulong)v & mask) << have;
            have += digitBits;
            carry = v >> digitBits;
            while (have >= 8)
            {
                bytes[at++] = (byte)buffer;
                buffer >>= 8;
                have -= 8;
            }
        }

        while (have > 0)
        {
            bytes[at++] = (byte)buffer;
            buffer >>= 8;
            have -= 8;
        }

        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }
}
