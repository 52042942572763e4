namespace Postfix.Crypto.Dh;

/// <summary>Which Montgomery multiplication kernel the DH generator and checker use.</summary>
public enum DhArithmetic
{
    /// <summary>The fastest kernel the CPU supports (AVX-512, then AVX2, then scalar).</summary>
    Auto = 0,

    /// <summary>Portable 64-bit limbs with <see cref="Math.BigMul(ulong, ulong, out ulong)"/>.</summary>
    Scalar = 1,

    /// <summary>AVX2 (4 lanes of 29-bit digits). Falls back to <see cref="Scalar"/> when the CPU lacks AVX2.</summary>
    Avx2 = 2,

    /// <summary>AVX-512F (8 lanes of 29-bit digits). Falls back to <see cref="Avx2"/> when the CPU lacks AVX-512F.</summary>
    Avx512 = 3,
}
