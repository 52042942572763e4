using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>The AVX-512F path: 8 primes per register, 8 registers in flight so the chunk loop covers the FMA latency.</summary>
internal static partial class SieveResidues
{
    /// <summary>Residues and start offsets of whole vectors of primes; returns how many were done (the rest is for the scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ResiduesAvx512(SievePrimeTable table, ReadOnlySpan<double> wide, double chunkScale, int start, Span<uint> output, Span<uint> k0, Span<uint> k1)
    {
        ref var primes = ref PrimesRef(table);
        ref var recips = ref MemoryMarshal.GetArrayDataReference(table.InverseDoubles);
        var outputs = new Outputs(table, start, output, k0, k1);
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

            outputs.Emit512(j, a0, r0, v0, magic);
            outputs.Emit512(j + 8, a1, r1, v1, magic);
            outputs.Emit512(j + 16, a2, r2, v2, magic);
            outputs.Emit512(j + 24, a3, r3, v3, magic);
            outputs.Emit512(j + 32, a4, r4, v4, magic);
            outputs.Emit512(j + 40, a5, r5, v5, magic);
            outputs.Emit512(j + 48, a6, r6, v6, magic);
            outputs.Emit512(j + 56, a7, r7, v7, magic);
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

            outputs.Emit512(j, a, r, v, magic);
        }

        return j;
    }

    /// <summary>Start offsets of whole vectors of primes from given residues; returns how many were done.</summary>
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
            var a = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref res, (nuint)j));
            var k = Start512(a, r, v, s, magic);
            Avx512F.ConvertToVector256Int32WithTruncation(k).StoreUnsafe(ref k0Ref, (nuint)j);
            Avx512F.ConvertToVector256Int32WithTruncation(Next512(k, r, s)).StoreUnsafe(ref k1Ref, (nuint)j);
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

    /// <summary>
    /// k0 = −a·s mod r for |a| &lt; r, s &lt; r: −a·s = hi + lo exactly (|hi| &lt; 2^56, |lo| ≤ 4); hi − q·r is exact
    /// (|·| ≤ r/2 + 8); then one correction either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Start512(Vector512<double> a, Vector512<double> r, Vector512<double> v, Vector512<double> s, Vector512<double> magic)
    {
        var u = Vector512.Negate(a);
        var hi = Avx512F.Multiply(u, s);
        var lo = Avx512F.FusedMultiplySubtract(u, s, hi);
        var q = Avx512F.Subtract(Avx512F.FusedMultiplyAdd(hi, v, magic), magic);
        var k = Avx512F.Add(Avx512F.FusedMultiplyAddNegated(q, r, hi), lo);
        k = Avx512F.Add(k, Vector512.BitwiseAnd(r, Vector512.LessThan(k, Vector512<double>.Zero)));
        return Avx512F.Subtract(k, Vector512.BitwiseAnd(r, Vector512.GreaterThanOrEqual(k, r)));
    }

    /// <summary>k1 = k0 + s mod r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Next512(Vector512<double> k, Vector512<double> r, Vector512<double> s)
    {
        var next = Avx512F.Add(k, s);
        return Avx512F.Subtract(next, Vector512.BitwiseAnd(r, Vector512.GreaterThanOrEqual(next, r)));
    }
}
