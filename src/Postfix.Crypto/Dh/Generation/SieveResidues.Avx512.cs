using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>The AVX-512F path: 8 primes per register, 8 registers in flight so the chunk loop covers the FMA latency.</summary>
internal static partial class SieveResidues
{
    /// <summary>Residues of whole vectors of primes; returns how many were done (the rest is for the scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ResiduesAvx512(SievePrimeTable table, ReadOnlySpan<double> wide, double chunkScale, int start, Span<uint> output)
    {
        ref var primes = ref PrimesRef(table);
        ref var recips = ref MemoryMarshal.GetArrayDataReference(table.InverseDoubles);
        ref var outRef = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(output));
        var scale = Vector512.Create(chunkScale);
        var magic = Vector512.Create(Magic);
        var top = Vector512.Create(wide[0]);
        var n = output.Length;
        var j = 0;
        for (; j + 64 <= n; j += 64)
        {
            var at = (nuint)(start + j);
            var r0 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at));
            var r1 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at + 8));
            var r2 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at + 16));
            var r3 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at + 24));
            var r4 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at + 32));
            var r5 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at + 40));
            var r6 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at + 48));
            var r7 = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at + 56));
            var v0 = Vector512.LoadUnsafe(ref recips, at);
            var v1 = Vector512.LoadUnsafe(ref recips, at + 8);
            var v2 = Vector512.LoadUnsafe(ref recips, at + 16);
            var v3 = Vector512.LoadUnsafe(ref recips, at + 24);
            var v4 = Vector512.LoadUnsafe(ref recips, at + 32);
            var v5 = Vector512.LoadUnsafe(ref recips, at + 40);
            var v6 = Vector512.LoadUnsafe(ref recips, at + 48);
            var v7 = Vector512.LoadUnsafe(ref recips, at + 56);
            Vector512<double> a0 = top, a1 = top, a2 = top, a3 = top, a4 = top, a5 = top, a6 = top, a7 = top;
            for (var s = 1; s < wide.Length; s++)
            {
                var c = Vector512.Create(wide[s]);
                a0 = Step512(a0, c, r0, v0, scale, magic);
                a1 = Step512(a1, c, r1, v1, scale, magic);
                a2 = Step512(a2, c, r2, v2, scale, magic);
                a3 = Step512(a3, c, r3, v3, scale, magic);
                a4 = Step512(a4, c, r4, v4, scale, magic);
                a5 = Step512(a5, c, r5, v5, scale, magic);
                a6 = Step512(a6, c, r6, v6, scale, magic);
                a7 = Step512(a7, c, r7, v7, scale, magic);
            }

            var o = (nuint)j;
            Normal512(a0, r0).StoreUnsafe(ref outRef, o);
            Normal512(a1, r1).StoreUnsafe(ref outRef, o + 8);
            Normal512(a2, r2).StoreUnsafe(ref outRef, o + 16);
            Normal512(a3, r3).StoreUnsafe(ref outRef, o + 24);
            Normal512(a4, r4).StoreUnsafe(ref outRef, o + 32);
            Normal512(a5, r5).StoreUnsafe(ref outRef, o + 40);
            Normal512(a6, r6).StoreUnsafe(ref outRef, o + 48);
            Normal512(a7, r7).StoreUnsafe(ref outRef, o + 56);
        }

        for (; j + 8 <= n; j += 8)
        {
            var at = (nuint)(start + j);
            var r = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at));
            var v = Vector512.LoadUnsafe(ref recips, at);
            var a = top;
            for (var s = 1; s < wide.Length; s++)
            {
                a = Step512(a, Vector512.Create(wide[s]), r, v, scale, magic);
            }

            Normal512(a, r).StoreUnsafe(ref outRef, (nuint)j);
        }

        return j;
    }

    /// <summary>Start offsets of whole vectors of primes; returns how many were done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StartsAvx512(SievePrimeTable table, int start, ReadOnlySpan<uint> residues, Span<uint> k0, Span<uint> k1)
    {
        ref var primes = ref PrimesRef(table);
        ref var inverses = ref InversesRef(table);
        ref var recips = ref MemoryMarshal.GetArrayDataReference(table.InverseDoubles);
        ref var res = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(residues));
        ref var k0Ref = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(k0));
        ref var k1Ref = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(k1));
        var magic = Vector512.Create(Magic);
        var j = 0;
        for (; j + 8 <= residues.Length; j += 8)
        {
            var at = (nuint)(start + j);
            var r = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref primes, at));
            var s = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref inverses, at));
            var v = Vector512.LoadUnsafe(ref recips, at);
            var u = Vector512.Negate(Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref res, (nuint)j)));

            // −a·s = hi + lo exactly; hi − q·r exact (|·| ≤ r/2 + 1); one correction either way.
            var hi = Avx512F.Multiply(u, s);
            var lo = Avx512F.FusedMultiplySubtract(u, s, hi);
            var q = Avx512F.Subtract(Avx512F.FusedMultiplyAdd(hi, v, magic), magic);
            var k = Avx512F.Add(Avx512F.FusedMultiplyAddNegated(q, r, hi), lo);
            k = Avx512F.Add(k, Vector512.BitwiseAnd(r, Vector512.LessThan(k, Vector512<double>.Zero)));
            k = Avx512F.Subtract(k, Vector512.BitwiseAnd(r, Vector512.GreaterThanOrEqual(k, r)));
            var next = Avx512F.Add(k, s);
            next = Avx512F.Subtract(next, Vector512.BitwiseAnd(r, Vector512.GreaterThanOrEqual(next, r)));
            Avx512F.ConvertToVector256Int32WithTruncation(k).StoreUnsafe(ref k0Ref, (nuint)j);
            Avx512F.ConvertToVector256Int32WithTruncation(next).StoreUnsafe(ref k1Ref, (nuint)j);
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Step512(Vector512<double> a, Vector512<double> c, Vector512<double> r, Vector512<double> v, Vector512<double> scale, Vector512<double> magic)
    {
        var x = Avx512F.FusedMultiplyAdd(a, scale, c);
        var q = Avx512F.Subtract(Avx512F.FusedMultiplyAdd(x, v, magic), magic);
        return Avx512F.FusedMultiplyAddNegated(q, r, x);
    }

    /// <summary>a in [−(r+1)/2, (r+1)/2] to a mod r as 32-bit integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Normal512(Vector512<double> a, Vector512<double> r) =>
        Avx512F.ConvertToVector256Int32WithTruncation(Avx512F.Add(a, Vector512.BitwiseAnd(r, Vector512.LessThan(a, Vector512<double>.Zero))));
}
