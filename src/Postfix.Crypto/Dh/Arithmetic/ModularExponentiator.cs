using System.Numerics;
using System.Runtime.CompilerServices;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>
/// Modular exponentiation on top of a <see cref="MontgomeryKernel"/>: a fixed 5-bit window for any base, and for
/// base 2 a 4-bit window where "multiply by 2^d" is a shift inside the lazy representation (no table, no product).
/// Not thread-safe: one instance per worker.
/// </summary>
internal sealed class ModularExponentiator
{
    private const int Window = 5;
    private const int TwoWindow = 4;
    private readonly MontgomeryKernel _k;
    private readonly int _x;
    private readonly int _one;
    private readonly int _r2;
    private readonly int[] _table = new int[1 << Window];
    private BigInteger _rModP;
    private BigInteger _r2ModP;
    private bool _haveR2;

    public ModularExponentiator(MontgomeryKernel kernel)
    {
        _k = kernel;
        _x = kernel.AllocateSlot();
        _one = kernel.AllocateSlot();
        _r2 = kernel.AllocateSlot();
        for (var i = 1; i < _table.Length; i++)
        {
            _table[i] = kernel.AllocateSlot();
        }
    }

    /// <summary>Slots this class needs from its kernel.</summary>
    public static int SlotsNeeded => 3 + (1 << Window);

    /// <summary>The kernel in use.</summary>
    public MontgomeryKernel Kernel => _k;

    /// <summary>The current modulus.</summary>
    public BigInteger Modulus => _k.Modulus;

    /// <summary>Creates a kernel of the requested kind (falling back to what the CPU supports).</summary>
    public static ModularExponentiator Create(DhArithmetic arithmetic, int maxBits)
    {
        var slots = SlotsNeeded;
        var resolved = Resolve(arithmetic);
        MontgomeryKernel kernel = resolved switch
        {
            DhArithmetic.Avx512 => new Avx512Kernel(maxBits, slots),
            DhArithmetic.Avx2 => new Avx2Kernel(maxBits, slots),
            _ => new ScalarKernel(maxBits, slots),
        };
        return new ModularExponentiator(kernel);
    }

    /// <summary>The kernel <paramref name="arithmetic"/> resolves to on this CPU.</summary>
    public static DhArithmetic Resolve(DhArithmetic arithmetic)
    {
        if (arithmetic is DhArithmetic.Auto or DhArithmetic.Avx512 && Avx512Kernel.IsSupported)
        {
            return DhArithmetic.Avx512;
        }

        if (arithmetic is DhArithmetic.Auto or DhArithmetic.Avx512 or DhArithmetic.Avx2 && Avx2Kernel.IsSupported)
        {
            return DhArithmetic.Avx2;
        }

        return DhArithmetic.Scalar;
    }

    /// <summary>Sets the (odd) modulus.</summary>
    public void SetModulus(BigInteger modulus)
    {
        _k.SetModulus(modulus);
        _k.Load(_one, BigInteger.One);
        _rModP = BigInteger.Remainder(BigInteger.One << _k.RBits, modulus);
        _haveR2 = false;
    }

    /// <summary>2^<paramref name="exponent"/> mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BigInteger PowTwo(BigInteger exponent)
    {
        if (exponent.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent));
        }

        var p = _k.Modulus;
        if (exponent.IsZero)
        {
            return BigInteger.One % p;
        }

        var bits = (int)exponent.GetBitLength();
        var e = exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
        var first = bits % TwoWindow;
        if (first == 0)
        {
            first = TwoWindow;
        }

        var pos = bits - first;
        var d0 = Bits(e, pos, first);
        _k.Load(_x, BigInteger.Remainder(_rModP << d0, p));
        while (pos > 0)
        {
            pos -= TwoWindow;

            // The window's squarings, the last one with "× 2^d" (the SIMD kernels shift in registers).
            _k.SquareRepeated(_x, TwoWindow, Bits(e, pos, TwoWindow));
        }

        _k.Multiply(_x, _one, _x);
        return Reduce(_k.Read(_x), p);
    }

    /// <summary><paramref name="value"/>^<paramref name="exponent"/> mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BigInteger Pow(BigInteger value, BigInteger exponent)
    {
        if (exponent.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent));
        }

        var p = _k.Modulus;
        if (exponent.IsZero)
        {
            return BigInteger.One % p;
        }

        if (!_haveR2)
        {
            _r2ModP = BigInteger.Remainder(_rModP * _rModP, p);
            _k.Load(_r2, _r2ModP);
            _haveR2 = true;
        }

        var b = BigInteger.Remainder(value, p);
        if (b.Sign < 0)
        {
            b += p;
        }

        _k.Load(_x, b);
        _k.Multiply(_x, _r2, _table[1]);
        var bits = (int)exponent.GetBitLength();
        var tableSize = bits >= Window ? 1 << Window : 1 << bits;
        for (var j = 2; j < tableSize; j++)
        {
            _k.Multiply(_table[j - 1], _table[1], _table[j]);
        }

        var e = exponent.ToByteArray(isUnsigned: true, isBigEndian: false);
        var first = bits % Window;
        if (first == 0)
        {
            first = Window;
        }

        var pos = bits - first;
        _k.Copy(_table[Bits(e, pos, first)], _x);
        while (pos > 0)
        {
            pos -= Window;
            _k.SquareRepeated(_x, Window, 0);

            var d = Bits(e, pos, Window);
            if (d != 0)
            {
                _k.Multiply(_x, _table[d], _x);
            }
        }

        _k.Multiply(_x, _one, _x);
        return Reduce(_k.Read(_x), p);
    }

    private static BigInteger Reduce(BigInteger v, BigInteger p) => v < p ? v : BigInteger.Remainder(v, p);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Bits(byte[] e, int pos, int count)
    {
        var r = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            var bit = pos + i;
            var b = bit >> 3;
            r = (r << 1) | (b < e.Length ? (e[b] >> (bit & 7)) & 1 : 0);
        }

        return r;
    }
}
