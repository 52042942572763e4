using System.Numerics;
using System.Runtime.CompilerServices;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>
/// Montgomery multiplication on n 64-bit limbs (R = 2^(64n)), one merged pass of a·b and m·p per limb of a
/// (finely integrated operand scanning) with <see cref="Math.BigMul(ulong, ulong, out ulong)"/>.
/// </summary>
internal sealed class ScalarKernel : MontgomeryKernel
{
    private readonly ulong[] _t;
    private readonly ulong[] _p;
    private int _n;
    private ulong _n0Inv;

    public ScalarKernel(int maxBits, int slots)
        : base(maxBits, DigitsFor(maxBits, 64), slots)
    {
        _t = new ulong[SlotWords + 2];
        _p = new ulong[SlotWords];
    }

    public override DhArithmetic Arithmetic => DhArithmetic.Scalar;

    public override int RBits => 64 * _n;

    protected override void LoadModulus(BigInteger modulus)
    {
        _n = DigitsFor((int)modulus.GetBitLength(), 64);
        Array.Clear(_p);
        Limbs.Write(modulus, _p, 64);
        var p0 = _p[0];
        var inv = p0;
        for (var i = 0; i < 6; i++)
        {
            inv *= 2 - (p0 * inv);
        }

        _n0Inv = 0 - inv;
    }

    public override void Load(int slot, BigInteger value)
    {
        var s = SlotSpan(slot);
        s.Clear();
        Limbs.Write(value, s[.._n], 64);
    }

    public override BigInteger Read(int slot) => Limbs.Read(SlotSpan(slot)[.._n], 64);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ShiftLeft(int a, int bits, int dst)
    {
        var src = SlotSpan(a);
        var d = SlotSpan(dst);
        if (bits == 0)
        {
            src.CopyTo(d);
            return;
        }

        for (var j = _n - 1; j > 0; j--)
        {
            d[j] = (src[j] << bits) | (src[j - 1] >> (64 - bits));
        }

        d[0] = src[0] << bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Multiply(int a, int b, int dst)
    {
        var n = _n;
        ref var ar = ref Slot(a);
        ref var br = ref Slot(b);
        ref var pr = ref _p[0];
        ref var t = ref _t[0];
        _t.AsSpan().Clear();
        var n0Inv = _n0Inv;
        var b0 = br;
        var p0 = pr;
        for (var i = 0; i < n; i++)
        {
            var ai = Unsafe.Add(ref ar, i);
            var hi = Math.BigMul(ai, b0, out var lo);
            lo += t;
            hi += lo < t ? 1UL : 0UL;
            var m = lo * n0Inv;
            var hi2 = Math.BigMul(m, p0, out var lo2);
            lo2 += lo;
            hi2 += lo2 < lo ? 1UL : 0UL;
            var c1 = hi;
            var c2 = hi2;
            for (var j = 1; j < n; j++)
            {
                ref var tj = ref Unsafe.Add(ref t, j);
                hi = Math.BigMul(ai, Unsafe.Add(ref br, j), out lo);
                lo += c1;
                hi += lo < c1 ? 1UL : 0UL;
                lo += tj;
                hi += lo < tj ? 1UL : 0UL;
                c1 = hi;
                hi2 = Math.BigMul(m, Unsafe.Add(ref pr, j), out lo2);
                lo2 += c2;
                hi2 += lo2 < c2 ? 1UL : 0UL;
                lo2 += lo;
                hi2 += lo2 < lo ? 1UL : 0UL;
                c2 = hi2;
                Unsafe.Add(ref t, j - 1) = lo2;
            }

            ref var tn = ref Unsafe.Add(ref t, n);
            var s = tn + c1;
            var carry = s < c1 ? 1UL : 0UL;
            s += c2;
            carry += s < c2 ? 1UL : 0UL;
            Unsafe.Add(ref t, n - 1) = s;
            tn = carry;
        }

        var d = SlotSpan(dst);
        _t.AsSpan(0, n).CopyTo(d);
    }
}
