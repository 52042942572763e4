using System.Numerics;
using System.Runtime.CompilerServices;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>
/// What the SIMD kernels share: 29-bit digits in 64-bit lanes, products by <c>vpmuludq</c> (32×32→64), carries left
/// in the lanes ("lazy"), one digit of reduction per step. Slots hold whole vectors; the modulus and a scratch
/// accumulator live in two slots of their own. Each kernel supplies the product itself (a generated fixed-size one
/// for common sizes, Avx*Kernel.Fixed.g.cs from scripts/gen-dh-kernels.py, with the accumulator in registers; a loop
/// for the others) and its lane shifts. A step adds at most two products ≤ 2^58 to a lane, so the accumulator gets a
/// carry pass every <see cref="CarryInterval"/> steps.
/// </summary>
internal abstract class DigitVectorKernel : MontgomeryKernel
{
    protected const int DigitBits = 29;
    protected const ulong DigitMask = (1UL << DigitBits) - 1;

    /// <summary>
    /// Steps between carry passes of the accumulator. A pass leaves each lane below 2^29 + 2^35; a step adds at most
    /// two products of at most 2^58, so 31 steps stay below 62·2^58 + 2^36 &lt; 2^64.
    /// </summary>
    protected const int CarryInterval = 31;
    private readonly int _lanes;

    protected DigitVectorKernel(int maxBits, int slots, int lanes)
        : base(maxBits, SlotWordsFor(maxBits, lanes), slots + 2)
    {
        _lanes = lanes;
        ModulusSlot = AllocateSlot();
        ScratchSlot = AllocateSlot();
    }

    public override int RBits => DigitBits * Digits;

    /// <summary>The slot holding the modulus in digits.</summary>
    protected int ModulusSlot { get; }

    /// <summary>A slot for the generic product's accumulator.</summary>
    protected int ScratchSlot { get; }

    /// <summary>Digits (reduction steps) of the current modulus.</summary>
    protected int Digits { get; private set; }

    /// <summary>Vectors per element for the current modulus.</summary>
    protected int Vectors { get; private set; }

    /// <summary>−p⁻¹ mod 2^29.</summary>
    protected ulong N0Inv { get; private set; }

    protected override void LoadModulus(BigInteger modulus)
    {
        Digits = DigitsFor((int)modulus.GetBitLength(), DigitBits);
        Vectors = Math.Max(2, (Digits + _lanes - 1) / _lanes);
        var p = SlotSpan(ModulusSlot);
        p.Clear();
        Limbs.Write(modulus, p, DigitBits);
        var p0 = p[0];
        var inv = p0;
        for (var i = 0; i < 5; i++)
        {
            inv *= 2 - (p0 * inv);
        }

        N0Inv = (0 - inv) & DigitMask;
    }

    public override void Load(int slot, BigInteger value)
    {
        var s = SlotSpan(slot);
        s.Clear();
        Limbs.Write(value, s[..(Vectors * _lanes)], DigitBits);
    }

    public override BigInteger Read(int slot) => Limbs.Read(SlotSpan(slot)[..(Vectors * _lanes)], DigitBits);

    public override void Multiply(int a, int b, int dst) => Product(a, b, dst, 0);

    public override void MultiplyShift(int a, int b, int dst, int bits) => Product(a, b, dst, bits);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void SquareRepeated(int x, int count, int bits)
    {
        ref var xr = ref Slot(x);
        ref var pr = ref Slot(ModulusSlot);
        for (var i = 1; i <= count; i++)
        {
            var shift = i == count ? bits : 0;
            if (!ProductFixed(ref xr, ref xr, ref pr, ref xr, shift))
            {
                Product(x, x, x, shift);
            }
        }
    }

    /// <summary>dst = a·b·R⁻¹·2^shift with the kernel's generated fixed-size product; false when there is none for this size.</summary>
    protected abstract bool ProductFixed(ref ulong a, ref ulong b, ref ulong p, ref ulong dst, int shift);

    /// <summary>dst = a·b·R⁻¹·2^shift (dst may alias a or b).</summary>
    protected abstract void Product(int a, int b, int dst, int shift);

    private static int SlotWordsFor(int maxBits, int lanes) => Math.Max(2, (DigitsFor(maxBits, DigitBits) + lanes - 1) / lanes) * lanes;
}
