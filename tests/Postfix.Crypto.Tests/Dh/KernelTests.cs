using System.Numerics;
using Postfix.Crypto.Dh;
using Postfix.Crypto.Dh.Arithmetic;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>
/// Single Montgomery products of each kernel at every vector count (the generated fixed-size multiplications and the
/// generic loop), on operands anywhere in the kernel's input range [0, 2p), checked against BigInteger: the result
/// must be congruent to a·b·R⁻¹ and below 2p.
/// </summary>
public sealed class KernelTests
{
    public static TheoryData<DhArithmetic, int> EverySize()
    {
        var data = new TheoryData<DhArithmetic, int>();
        foreach (var path in ArithmeticTests.AvailablePaths())
        {
            if (path == DhArithmetic.Scalar)
            {
                foreach (var bits in new[] { 64, 100, 1024, 2048, 3072 })
                {
                    data.Add(path, bits);
                }

                continue;
            }

            var lanes = path == DhArithmetic.Avx512 ? 8 : 4;

            // Digit count K = (bits + 62) / 29 for the 29-bit kernels; vectors V = ceil(K / lanes). Smallest and largest
            // K of each V, up to one vector beyond the generated fixed-size range (the generic loop); K runs past
            // several in-loop carry passes (every 31 steps).
            var ks = new SortedSet<int>();
            for (var v = 2; v <= (136 / lanes) + 1; v++)
            {
                ks.Add((lanes * (v - 1)) + 1);
                ks.Add(lanes * v);
            }

            foreach (var k in ks)
            {
                var bits = (29 * k) - 62;
                if (bits >= 64)
                {
                    data.Add(path, bits);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EverySize))]
    public void Multiply_EveryVectorCount_CongruentAndBelowTwoP(DhArithmetic path, int bits)
    {
        var rng = new Random((bits * 7) + (int)path);
        MontgomeryKernel kernel = path switch
        {
            DhArithmetic.Avx512 => new Avx512Kernel(bits, 3),
            DhArithmetic.Avx2 => new Avx2Kernel(bits, 3),
            _ => new ScalarKernel(bits, 3),
        };
        var a = kernel.AllocateSlot();
        var b = kernel.AllocateSlot();
        var d = kernel.AllocateSlot();
        foreach (var p in new[] { ArithmeticTests.RandomOdd(rng, bits), (BigInteger.One << bits) - 1, (BigInteger.One << (bits - 1)) + 1 })
        {
            kernel.SetModulus(p);
            var rInv = Inverse(BigInteger.One << kernel.RBits, p);
            var twoP = 2 * p;
            var values = new List<BigInteger> { 0, 1, 2, p - 1, p, p + 1, twoP - 1, twoP - 2 };
            for (var i = 0; i < 4; i++)
            {
                values.Add(ArithmeticTests.RandomBelow(rng, twoP));
            }

            foreach (var x in values)
            {
                foreach (var y in new[] { x, values[rng.Next(values.Count)], twoP - 1 })
                {
                    kernel.Load(a, x);
                    kernel.Load(b, y);
                    kernel.Multiply(a, b, d);
                    var r = kernel.Read(d);
                    Assert.True(r < twoP, $"result not below 2p ({bits} bits)");
                    Assert.Equal(x * y * rInv % p, r % p);

                    // Product and shift in one step (base-2 exponentiation), d = 1 and the largest shift.
                    foreach (var shift in new[] { 1, MontgomeryKernel.MaxShift })
                    {
                        kernel.MultiplyShift(a, b, d, shift);
                        var rs = kernel.Read(d);
                        Assert.True(rs < twoP << shift, $"shifted result too large ({bits} bits)");
                        Assert.Equal((x * y * rInv << shift) % p, rs % p);
                    }

                    // In place (dst aliases both operands), as the squarings of an exponentiation do.
                    kernel.Multiply(a, a, a);
                    Assert.Equal(x * x * rInv % p, kernel.Read(a) % p);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(EverySize))]
    public void SquareRepeated_EveryVectorCount_CongruentToRepeatedSquaresTimesShift(DhArithmetic path, int bits)
    {
        var rng = new Random((bits * 11) + (int)path);
        MontgomeryKernel kernel = path switch
        {
            DhArithmetic.Avx512 => new Avx512Kernel(bits, 1),
            DhArithmetic.Avx2 => new Avx2Kernel(bits, 1),
            _ => new ScalarKernel(bits, 1),
        };
        var x = kernel.AllocateSlot();
        var p = ArithmeticTests.RandomOdd(rng, bits);
        kernel.SetModulus(p);
        var rInv = Inverse(BigInteger.One << kernel.RBits, p);
        foreach (var (count, shift) in new[] { (1, 0), (1, MontgomeryKernel.MaxShift), (4, 7), (5, 0), (4, MontgomeryKernel.MaxShift) })
        {
            var value = ArithmeticTests.RandomBelow(rng, 2 * p);
            kernel.Load(x, value);
            kernel.SquareRepeated(x, count, shift);
            var expected = value % p;
            for (var i = 0; i < count; i++)
            {
                expected = expected * expected * rInv % p;
            }

            var r = kernel.Read(x);
            Assert.True(r < (2 * p) << shift, $"result too large ({bits} bits, {count} squarings, shift {shift})");
            Assert.Equal((expected << shift) % p, r % p);
        }
    }

    private static BigInteger Inverse(BigInteger value, BigInteger modulus)
    {
        BigInteger r0 = modulus, r1 = value % modulus, s0 = 0, s1 = 1;
        while (!r1.IsZero)
        {
            var q = r0 / r1;
            (r0, r1) = (r1, r0 - (q * r1));
            (s0, s1) = (s1, s0 - (q * s1));
        }

        Assert.Equal(BigInteger.One, r0);
        return ((s0 % modulus) + modulus) % modulus;
    }
}
