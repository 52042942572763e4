namespace Postfix.Crypto.Dh.Generation;

/// <summary>Which code computes the combined sieve's residues and start offsets (tests force each one).</summary>
internal enum SievePath
{
    /// <summary>The widest path the CPU supports (<see cref="Avx512"/>, then <see cref="Avx2"/>, then <see cref="Scalar"/>).</summary>
    Auto = 0,

    /// <summary>Interleaved Barrett reductions over 32-bit chunks.</summary>
    Scalar = 1,

    /// <summary>Exact double-precision reductions over 26-bit chunks, 4 primes per AVX2/FMA register.</summary>
    Avx2 = 2,

    /// <summary>The same reductions, 8 primes per AVX-512F register.</summary>
    Avx512 = 3,
}
