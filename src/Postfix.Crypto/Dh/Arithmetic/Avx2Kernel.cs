using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>
/// Montgomery multiplication with AVX2: 29-bit digits in 64-bit lanes (4 per YMM register), products by
/// <c>vpmuludq</c> (32×32→64), carries left in the lanes ("lazy"), one digit of reduction per step and a lane
/// shift by <c>vperm2i128</c>+<c>vpalignr</c>. A step adds at most two products ≤ 2^58 to a lane, so the
/// accumulator gets a carry pass every <see cref="CarryInterval"/> steps. Common sizes use the generated fixed-size
/// products (Avx*Kernel.Fixed.g.cs, scripts/gen-dh-kernels.py) with the accumulator in registers; the loop here
/// serves the others.
/// </summary>
internal sealed partial class Avx2Kernel : MontgomeryKernel
{
    private const int DigitBits = 29;
    private const ulong DigitMask = (1UL << DigitBits) - 1;

    /// <summary>
    /// Steps between carry passes of the accumulator. A pass leaves each lane below 2^29 + 2^35; a step adds at most
    /// two products of at most 2^58, so 31 steps stay below 62·2^58 + 2^36 &lt; 2^64.
    /// </summary>
    private const int CarryInterval = 31;
    private readonly int _pSlot;
    private readonly int _tSlot;
    private int _k;
    private int _v;
    private ulong _n0Inv;

    public Avx2Kernel(int maxBits, int slots)
        : base(maxBits, SlotWordsFor(maxBits), slots + 2)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AVX2 is not available");
        }

        _pSlot = AllocateSlot();
        _tSlot = AllocateSlot();
    }

    public static bool IsSupported => Avx2.IsSupported;

    public override DhArithmetic Arithmetic => DhArithmetic.Avx2;

    public override int RBits => DigitBits * _k;

    private static int SlotWordsFor(int maxBits) => Math.Max(2, (DigitsFor(maxBits, DigitBits) + 3) / 4) * 4;

    protected override void LoadModulus(BigInteger modulus)
    {
        _k = DigitsFor((int)modulus.GetBitLength(), DigitBits);
        _v = Math.Max(2, (_k + 3) / 4);
        var p = SlotSpan(_pSlot);
        p.Clear();
        Limbs.Write(modulus, p, DigitBits);
        var p0 = p[0];
        var inv = p0;
        for (var i = 0; i < 5; i++)
        {
            inv *= 2 - (p0 * inv);
        }

        _n0Inv = (0 - inv) & DigitMask;
    }

    public override void Load(int slot, BigInteger value)
    {
        var s = SlotSpan(slot);
        s.Clear();
        Limbs.Write(value, s[..(_v * 4)], DigitBits);
    }

    public override BigInteger Read(int slot) => Limbs.Read(SlotSpan(slot)[..(_v * 4)], DigitBits);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ShiftLeft(int a, int bits, int dst)
    {
        ref var s = ref Slot(a);
        ref var d = ref Slot(dst);
        for (var v = 0; v < _v; v++)
        {
            var x = Ld(ref s, v) << bits;
            Store(ref d, v, x);
        }

        Normalize(ref d);
        Normalize(ref d);
    }

    public override void Multiply(int a, int b, int dst) => Multiply(a, b, dst, 0);

    public override void MultiplyShift(int a, int b, int dst, int bits) => Multiply(a, b, dst, bits);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void SquareRepeated(int x, int count, int bits)
    {
        ref var xr = ref Slot(x);
        ref var pr = ref Slot(_pSlot);
        var v = _v;
        var k = _k;
        var n0Inv = _n0Inv;
        for (var i = 1; i <= count; i++)
        {
            var shift = i == count ? bits : 0;
            if (!MultiplyFixed(v, ref xr, ref xr, ref pr, ref xr, k, n0Inv, shift))
            {
                Multiply(x, x, x, shift);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Multiply(int a, int b, int dst, int shift)
    {
        var vcount = _v;
        var k = _k;
        ref var ar = ref Slot(a);
        ref var br = ref Slot(b);
        ref var pr = ref Slot(_pSlot);
        if (MultiplyFixed(vcount, ref ar, ref br, ref pr, ref Slot(dst), k, _n0Inv, shift))
        {
            return;
        }

        ref var tr = ref Slot(_tSlot);
        for (var v = 0; v < vcount; v++)
        {
            Store(ref tr, v, Vector256<ulong>.Zero);
        }

        var n0Inv = _n0Inv;
        var b0 = br;
        var p0 = pr;
        ulong t0 = 0;
        for (var i = 0; i < k; i++)
        {
            var ai = Unsafe.Add(ref ar, i);
            var lane0 = t0 + (ai * b0);
            var m = (lane0 * n0Inv) & DigitMask;
            var carry = (lane0 + (m * p0)) >> DigitBits;
            var va = Vector256.Create(ai).AsUInt32();
            var vm = Vector256.Create(m).AsUInt32();
            var cur = Ld(ref tr, 0)
                + Avx2.Multiply(va, Ld(ref br, 0).AsUInt32())
                + Avx2.Multiply(vm, Ld(ref pr, 0).AsUInt32());
            var next = Ld(ref tr, 1)
                + Avx2.Multiply(va, Ld(ref br, 1).AsUInt32())
                + Avx2.Multiply(vm, Ld(ref pr, 1).AsUInt32());
            var first = Up(next, cur) + Vector256.CreateScalar(carry);
            Store(ref tr, 0, first);
            t0 = first.ToScalar();
            cur = next;
            for (var v = 2; v < vcount; v++)
            {
                next = Ld(ref tr, v)
                    + Avx2.Multiply(va, Ld(ref br, v).AsUInt32())
                    + Avx2.Multiply(vm, Ld(ref pr, v).AsUInt32());
                Store(ref tr, v - 1, Up(next, cur));
                cur = next;
            }

            Store(ref tr, vcount - 1, Up(Vector256<ulong>.Zero, cur));
            if (i % CarryInterval == CarryInterval - 1 && i + 1 < k)
            {
                Normalize(ref tr);
                t0 = tr;
            }
        }

        ref var d = ref Slot(dst);
        for (var v = 0; v < vcount; v++)
        {
            Store(ref d, v, Ld(ref tr, v));
        }

        Normalize(ref d);
        Normalize(ref d);
        if (shift != 0)
        {
            ShiftLeft(dst, shift, dst);
        }
    }

    /// <summary>One carry pass: each lane keeps its low 29 bits and receives the carry of the lane below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Normalize(ref ulong x)
    {
        var mask = Vector256.Create(DigitMask);
        var prev = Vector256<ulong>.Zero;
        for (var v = 0; v < _v; v++)
        {
            var cur = Ld(ref x, v);
            var c = cur >>> DigitBits;
            Store(ref x, v, (cur & mask) + Down(c, prev));
            prev = c;
        }
    }

    /// <summary>Lanes [lo1, lo2, lo3, hi0]: the 8-lane window one lane up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Up(Vector256<ulong> hi, Vector256<ulong> lo)
    {
        var mid = Avx2.Permute2x128(lo, hi, 0x21);
        return Avx2.AlignRight(mid.AsByte(), lo.AsByte(), 8).AsUInt64();
    }

    /// <summary>Lanes [lo3, hi0, hi1, hi2]: the 8-lane window one lane down.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Down(Vector256<ulong> hi, Vector256<ulong> lo)
    {
        var mid = Avx2.Permute2x128(lo, hi, 0x21);
        return Avx2.AlignRight(hi.AsByte(), mid.AsByte(), 8).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Ld(ref ulong baseRef, int vector) => Vector256.LoadUnsafe(ref baseRef, (nuint)(vector * 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref ulong baseRef, int vector, Vector256<ulong> value) =>
        value.StoreUnsafe(ref baseRef, (nuint)(vector * 4));
}
