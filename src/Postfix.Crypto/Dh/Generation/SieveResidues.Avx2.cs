using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>The AVX2/FMA path: 4 primes per register, 8 registers in flight so the chunk loop covers the FMA latency.</summary>
internal static partial class SieveResidues
{
    /// <summary>Residues and start offsets of whole vectors of primes; returns how many were done (the rest is for the scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ResiduesAvx2(SievePrimeTable table, ReadOnlySpan<double> wide, double chunkScale, int start, Span<uint> output, Span<uint> k0, Span<uint> k1)
    {
        ref var primes = ref PrimesRef(table);
        ref var recips = ref MemoryMarshal.GetArrayDataReference(table.InverseDoubles);
        var outputs = new Outputs(table, start, output, k0, k1);
        var scale = Vector256.Create(chunkScale);
        var magic = Vector256.Create(Magic);
        var top = Vector256.Create(wide[0]);
        var n = output.Length;
        var j = 0;
        for (; j + 32 <= n; j += 32)
        {
            var at = (nuint)(start + j);
            var r0 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at));
            var r1 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at + 4));
            var r2 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at + 8));
            var r3 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at + 12));
            var r4 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at + 16));
            var r5 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at + 20));
            var r6 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at + 24));
            var r7 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at + 28));
            var v0 = Vector256.LoadUnsafe(ref recips, at);
            var v1 = Vector256.LoadUnsafe(ref recips, at + 4);
            var v2 = Vector256.LoadUnsafe(ref recips, at + 8);
            var v3 = Vector256.LoadUnsafe(ref recips, at + 12);
            var v4 = Vector256.LoadUnsafe(ref recips, at + 16);
            var v5 = Vector256.LoadUnsafe(ref recips, at + 20);
            var v6 = Vector256.LoadUnsafe(ref recips, at + 24);
            var v7 = Vector256.LoadUnsafe(ref recips, at + 28);
            Vector256<double> a0 = top, a1 = top, a2 = top, a3 = top, a4 = top, a5 = top, a6 = top, a7 = top;
            for (var s = 1; s < wide.Length; s++)
            {
                var c = Vector256.Create(wide[s]);
                a0 = Step256(a0, c, r0, v0, scale, magic);
                a1 = Step256(a1, c, r1, v1, scale, magic);
                a2 = Step256(a2, c, r2, v2, scale, magic);
                a3 = Step256(a3, c, r3, v3, scale, magic);
                a4 = Step256(a4, c, r4, v4, scale, magic);
                a5 = Step256(a5, c, r5, v5, scale, magic);
                a6 = Step256(a6, c, r6, v6, scale, magic);
                a7 = Step256(a7, c, r7, v7, scale, magic);
            }

            outputs.Emit256(j, a0, r0, v0, magic);
            outputs.Emit256(j + 4, a1, r1, v1, magic);
            outputs.Emit256(j + 8, a2, r2, v2, magic);
            outputs.Emit256(j + 12, a3, r3, v3, magic);
            outputs.Emit256(j + 16, a4, r4, v4, magic);
            outputs.Emit256(j + 20, a5, r5, v5, magic);
            outputs.Emit256(j + 24, a6, r6, v6, magic);
            outputs.Emit256(j + 28, a7, r7, v7, magic);
        }

        for (; j + 4 <= n; j += 4)
        {
            var at = (nuint)(start + j);
            var r = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at));
            var v = Vector256.LoadUnsafe(ref recips, at);
            var a = top;
            for (var s = 1; s < wide.Length; s++)
            {
                a = Step256(a, Vector256.Create(wide[s]), r, v, scale, magic);
            }

            outputs.Emit256(j, a, r, v, magic);
        }

        return j;
    }

    /// <summary>Start offsets of whole vectors of primes from given residues; returns how many were done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StartsAvx2(SievePrimeTable table, int start, ReadOnlySpan<uint> residues, Span<uint> k0, Span<uint> k1)
    {
        ref var primes = ref PrimesRef(table);
        ref var inverses = ref InversesRef(table);
        ref var recips = ref MemoryMarshal.GetArrayDataReference(table.InverseDoubles);
        ref var res = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(residues));
        ref var k0Ref = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(k0));
        ref var k1Ref = ref Unsafe.As<uint, int>(ref MemoryMarshal.GetReference(k1));
        var magic = Vector256.Create(Magic);
        var j = 0;
        for (; j + 4 <= residues.Length; j += 4)
        {
            var at = (nuint)(start + j);
            var r = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref primes, at));
            var s = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref inverses, at));
            var v = Vector256.LoadUnsafe(ref recips, at);
            var a = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref res, (nuint)j));
            var k = Start256(a, r, v, s, magic);
            Avx.ConvertToVector128Int32WithTruncation(k).StoreUnsafe(ref k0Ref, (nuint)j);
            Avx.ConvertToVector128Int32WithTruncation(Next256(k, r, s)).StoreUnsafe(ref k1Ref, (nuint)j);
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Step256(Vector256<double> a, Vector256<double> c, Vector256<double> r, Vector256<double> v, Vector256<double> scale, Vector256<double> magic)
    {
        var x = Fma.MultiplyAdd(a, scale, c);
        var q = Avx.Subtract(Fma.MultiplyAdd(x, v, magic), magic);
        return Fma.MultiplyAddNegated(q, r, x);
    }

    /// <summary>
    /// k0 = −a·s mod r for |a| &lt; r, s &lt; r: −a·s = hi + lo exactly (|hi| &lt; 2^56, |lo| ≤ 4); hi − q·r is exact
    /// (|·| ≤ r/2 + 8); then one correction either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Start256(Vector256<double> a, Vector256<double> r, Vector256<double> v, Vector256<double> s, Vector256<double> magic)
    {
        var u = Vector256.Negate(a);
        var hi = Avx.Multiply(u, s);
        var lo = Fma.MultiplySubtract(u, s, hi);
        var q = Avx.Subtract(Fma.MultiplyAdd(hi, v, magic), magic);
        var k = Avx.Add(Fma.MultiplyAddNegated(q, r, hi), lo);
        k = Avx.Add(k, Vector256.BitwiseAnd(r, Vector256.LessThan(k, Vector256<double>.Zero)));
        return Avx.Subtract(k, Vector256.BitwiseAnd(r, Vector256.GreaterThanOrEqual(k, r)));
    }

    /// <summary>k1 = k0 + s mod r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Next256(Vector256<double> k, Vector256<double> r, Vector256<double> s)
    {
        var next = Avx.Add(k, s);
        return Avx.Subtract(next, Vector256.BitwiseAnd(r, Vector256.GreaterThanOrEqual(next, r)));
    }
}
