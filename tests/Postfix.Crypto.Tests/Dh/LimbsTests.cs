using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Crypto.Dh.Arithmetic;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>BigInteger ↔ digit conversions of the kernels: exact for every digit size, including redundant digits.</summary>
public sealed class LimbsTests
{
    private static readonly Gen<int> DigitBits = Gen.Elements(28, 29, 52, 64);

    [Fact]
    public void WriteThenRead_RandomValues_SameValue()
    {
        var gen = from digitBits in DigitBits
                  from count in Gen.Choose(1, 300)
                  from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), (count * digitBits) / 8)
                  select (digitBits, count, bytes);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var value = new BigInteger(c.bytes, isUnsigned: true);
            var digits = new ulong[c.count];
            Limbs.Write(value, digits, c.digitBits);
            var mask = c.digitBits == 64 ? ulong.MaxValue : (1UL << c.digitBits) - 1;
            var expected = value;
            var digitsExact = true;
            foreach (var d in digits)
            {
                digitsExact &= d == (ulong)(expected & mask);
                expected >>= c.digitBits;
            }

            return (digitsExact && Limbs.Read(digits, c.digitBits) == value).Label($"{c.digitBits}-bit digits, {c.count} digits, value {value}");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Read_RedundantDigits_ValueIsTheWeightedSum()
    {
        var gen = from digitBits in DigitBits
                  from digits in Gen.ArrayOf(Gen.Choose(0, 3).SelectMany(kind => kind switch
                  {
                      0 => Gen.Constant(ulong.MaxValue),
                      1 => Gen.Constant(0UL),
                      _ => Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((ulong)(uint)t.Item1 << 32) | (uint)t.Item2),
                  }))
                  select (digitBits, digits);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var expected = BigInteger.Zero;
            for (var i = c.digits.Length - 1; i >= 0; i--)
            {
                expected = (expected << c.digitBits) + c.digits[i];
            }

            return (Limbs.Read(c.digits, c.digitBits) == expected).Label($"{c.digitBits}-bit digits [{string.Join(", ", c.digits)}]");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Theory]
    [InlineData(29, 3)]
    [InlineData(64, 2)]
    public void Write_ValueTooLarge_Throws(int digitBits, int count)
    {
        var tooLarge = BigInteger.One << (digitBits * count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Limbs.Write(tooLarge, new ulong[count], digitBits));
        Limbs.Write(tooLarge - 1, new ulong[count], digitBits);
    }
}
