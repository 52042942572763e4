using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>
/// The AVX-512F kernel (<see cref="DigitVectorKernel"/>): 8 digits per ZMM register, the accumulator shifted one lane
/// per step by <c>valignq</c>.
/// </summary>
internal sealed partial class Avx512Kernel : DigitVectorKernel
{
    public Avx512Kernel(int maxBits, int slots)
        : base(maxBits, slots, 8)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AVX-512F is not available");
        }
    }

    public static bool IsSupported => Avx512F.IsSupported;

    public override DhArithmetic Arithmetic => DhArithmetic.Avx512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ShiftLeft(int a, int bits, int dst)
    {
        ref var s = ref Slot(a);
        ref var d = ref Slot(dst);
        for (var v = 0; v < Vectors; v++)
        {
            var x = Ld(ref s, v) << bits;
            Store(ref d, v, x);
        }

        Normalize(ref d);
        Normalize(ref d);
    }

    protected override bool ProductFixed(ref ulong a, ref ulong b, ref ulong p, ref ulong dst, int shift) =>
        MultiplyFixed(Vectors, ref a, ref b, ref p, ref dst, Digits, N0Inv, shift);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void Product(int a, int b, int dst, int shift)
    {
        var vcount = Vectors;
        var k = Digits;
        ref var ar = ref Slot(a);
        ref var br = ref Slot(b);
        ref var pr = ref Slot(ModulusSlot);
        if (MultiplyFixed(vcount, ref ar, ref br, ref pr, ref Slot(dst), k, N0Inv, shift))
        {
            return;
        }

        ref var tr = ref Slot(ScratchSlot);
        for (var v = 0; v < vcount; v++)
        {
            Store(ref tr, v, Vector512<ulong>.Zero);
        }

        var n0Inv = N0Inv;
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
        for (var v = 0; v < Vectors; v++)
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
