using System.Numerics;
using System.Runtime.InteropServices;

namespace Postfix.Crypto.Dh.Arithmetic;

/// <summary>
/// Montgomery arithmetic modulo one odd modulus on fixed-size element buffers ("slots") kept in one pinned,
/// 64-byte-aligned arena. An element is a value in the kernel's own (possibly redundant) representation; values are
/// kept below 2·p between operations ("lazy" reduction: R is large enough that no final subtraction is needed), and a
/// value may be shifted left by up to <see cref="MaxShift"/> bits before the next multiplication.
/// </summary>
internal abstract class MontgomeryKernel
{
    /// <summary>The largest left shift <see cref="ShiftLeft"/> accepts; R has room for it.</summary>
    public const int MaxShift = 15;

    private readonly ulong[] _arena;
    private readonly int _base;
    private int _nextSlot;

    protected MontgomeryKernel(int maxBits, int slotWords, int slots)
    {
        MaxBits = maxBits;
        SlotWords = slotWords;
        SlotCount = slots;
        _arena = GC.AllocateArray<ulong>((slotWords * slots) + 8, pinned: true);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(_arena, 0);
        _base = (int)((64 - (address & 63)) & 63) / sizeof(ulong);
    }

    /// <summary>Which implementation this is.</summary>
    public abstract DhArithmetic Arithmetic { get; }

    /// <summary>The largest modulus size in bits this kernel was sized for.</summary>
    public int MaxBits { get; }

    /// <summary>Number of 64-bit words per slot.</summary>
    public int SlotWords { get; }

    /// <summary>Number of slots in the arena.</summary>
    public int SlotCount { get; }

    /// <summary>The current modulus.</summary>
    public BigInteger Modulus { get; private set; }

    /// <summary>log2 of the Montgomery radix R.</summary>
    public abstract int RBits { get; }

    /// <summary>Backing words of every slot.</summary>
    protected Span<ulong> Arena => _arena.AsSpan(_base);

    /// <summary>Reference to the first word of slot <paramref name="slot"/>.</summary>
    protected ref ulong Slot(int slot) => ref _arena[_base + (slot * SlotWords)];

    /// <summary>Span over slot <paramref name="slot"/>.</summary>
    protected Span<ulong> SlotSpan(int slot) => _arena.AsSpan(_base + (slot * SlotWords), SlotWords);

    /// <summary>Reserves a slot for the lifetime of the kernel.</summary>
    public int AllocateSlot()
    {
        if (_nextSlot >= SlotCount)
        {
            throw new InvalidOperationException("Montgomery kernel arena exhausted");
        }

        return _nextSlot++;
    }

    /// <summary>Sets the modulus (odd, at most <see cref="MaxBits"/> bits, at least 64 bits).</summary>
    public void SetModulus(BigInteger modulus)
    {
        if (modulus.IsEven || modulus.Sign <= 0 || modulus.GetBitLength() > MaxBits || modulus.GetBitLength() < 64)
        {
            throw new ArgumentOutOfRangeException(nameof(modulus), "modulus must be odd and sized for this kernel");
        }

        Modulus = modulus;
        LoadModulus(modulus);
    }

    /// <summary>Kernel-specific precomputation for a new modulus.</summary>
    protected abstract void LoadModulus(BigInteger modulus);

    /// <summary>Writes the plain value <paramref name="value"/> (0 ≤ value &lt; 2^RBits) into a slot.</summary>
    public abstract void Load(int slot, BigInteger value);

    /// <summary>The value held in a slot (not reduced: may be up to 2^(MaxShift+1)·p).</summary>
    public abstract BigInteger Read(int slot);

    /// <summary>dst = a·b·R⁻¹ (mod p), with dst &lt; 2p. dst may alias a or b.</summary>
    public abstract void Multiply(int a, int b, int dst);

    /// <summary>
    /// dst = a·b·R⁻¹·2^bits with a·b·R⁻¹ &lt; 2p and 0 ≤ bits ≤ <see cref="MaxShift"/> (a product followed by
    /// <see cref="ShiftLeft"/>; kernels may fuse the two). dst may alias a or b.
    /// </summary>
    public virtual void MultiplyShift(int a, int b, int dst, int bits)
    {
        Multiply(a, b, dst);
        if (bits != 0)
        {
            ShiftLeft(dst, bits, dst);
        }
    }

    /// <summary>
    /// Squares slot <paramref name="x"/> in place <paramref name="count"/> times (count ≥ 1), the last squaring fused
    /// with "× 2^bits" as in <see cref="MultiplyShift"/>: one window of an exponentiation. Kernels override it to keep
    /// the per-product dispatch out of the loop.
    /// </summary>
    public virtual void SquareRepeated(int x, int count, int bits)
    {
        for (var i = 1; i < count; i++)
        {
            Multiply(x, x, x);
        }

        MultiplyShift(x, x, x, bits);
    }

    /// <summary>dst = a·2^bits, 0 ≤ bits ≤ <see cref="MaxShift"/>, a &lt; 2p (no reduction).</summary>
    public abstract void ShiftLeft(int a, int bits, int dst);

    /// <summary>Copies slot <paramref name="src"/> to <paramref name="dst"/>.</summary>
    public void Copy(int src, int dst) => SlotSpan(src).CopyTo(SlotSpan(dst));

    /// <summary>Number of Montgomery digits (radix steps) a multiplication performs for the current modulus.</summary>
    protected static int DigitsFor(int modulusBits, int digitBits) => (modulusBits + (2 * MaxShift) + 4 + digitBits - 1) / digitBits;
}
