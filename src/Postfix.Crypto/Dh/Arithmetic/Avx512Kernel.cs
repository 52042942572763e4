using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>
/// Montgomery multiplication with AVX-512F: 29-bit digits in 64-bit lanes (8 per ZMM register), products by
/// <c>vpmuludq</c> (32×32→64), carries left in the lanes ("lazy"), one digit of reduction per step and a lane
/// shift by <c>valignq</c>. A step adds at most two products ≤ 2^58 to a lane, so the
/// accumulator gets a carry pass every <see cref="CarryInterval"/> steps. Common sizes use the generated fixed-size
/// products (Avx*Kernel.Fixed.g.cs, scripts/gen-dh-kernels.py) with the accumulator in registers; the loop here
/// serves the others.
/// </summary>
internal sealed partial class Avx512Kernel : MontgomeryKernel
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

    public Avx512Kernel(int maxBits, int slots)
        : base(maxBits, SlotWordsFor(maxBits), slots + 2)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AVX-512F is not available");
        }

        _pSlot = AllocateSlot();
        _tSlot = AllocateSlot();
    }

    public static bool IsSupported => Avx512F.IsSupported;

    public override DhArithmetic Arithmetic => DhArithmetic.Avx512;

    public override int RBits => DigitBits * _k;

    private static int SlotWordsFor(int maxBits) => Math.Max(2, (DigitsFor(maxBits, DigitBits) + 7) / 8) * 8;

    protected override void LoadModulus(BigInteger modulus)
    {
        _k = DigitsFor((int)modulus.GetBitLength(), DigitBits);
        _v = Math.Max(2, (_k + 7) / 8);
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
        Limbs.Write(value, s[..(_v * 8)], DigitBits);
    }

    public override BigInteger Read(int slot) => Limbs.Read(SlotSpan(slot)[..(_v * 8)], DigitBits);

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
            Store(ref tr, v, Vector512<ulong>.Zero);
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
            var va = Vector512.Create(ai).AsUInt32();
            var vm = Vector512.Create(m).AsUInt32();
            var cur = Ld(ref tr, 0)
                + Avx512F.Multiply(va, Ld(ref br, 0).AsUInt32())
                + Avx512F.Multiply(vm, Ld(ref pr, 0).AsUInt32());
            var next = Ld(ref tr, 1)
                + Avx512F.Multiply(va, Ld(ref br, 1).AsUInt32())
                + Avx512F.Multiply(vm, Ld(ref pr, 1).AsUInt32());
            var first = Avx512F.AlignRight64(next, cur, 1) + Vector512.CreateScalar(carry);
            Store(ref tr, 0, first);
            t0 = first.ToScalar();
            cur = next;
            for (var v = 2; v < vcount; v++)
            {
                next = Ld(ref tr, v)
                    + Avx512F.Multiply(va, Ld(ref br, v).AsUInt32())
                    + Avx512F.Multiply(vm, Ld(ref pr, v).AsUInt32());
                Store(ref tr, v - 1, Avx512F.AlignRight64(next, cur, 1));
                cur = next;
            }

            Store(ref tr, vcount - 1, Avx512F.AlignRight64(Vector512<ulong>.Zero, cur, 1));
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
        var mask = Vector512.Create(DigitMask);
        var prev = Vector512<ulong>.Zero;
        for (var v = 0; v < _v; v++)
        {
            var cur = Ld(ref x, v);
            var c = cur >>> DigitBits;
            Store(ref x, v, (cur & mask) + Avx512F.AlignRight64(c, prev, 7));
            prev = c;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Ld(ref ulong baseRef, int vector) => Vector512.LoadUnsafe(ref baseRef, (nuint)(vector * 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref ulong baseRef, int vector, Vector512<ulong> value) =>
        value.StoreUnsafe(ref baseRef, (nuint)(vector * 8));
}
