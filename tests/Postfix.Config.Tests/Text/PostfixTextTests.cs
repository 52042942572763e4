using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.MainCf;

namespace Postfix.Config.Tests.Text;

/// <summary>Strings never lose a byte: the codec and every string the main.cf API hands out round-trip to the exact bytes.</summary>
public sealed class PostfixTextTests
{
    // Bytes that make main.cf syntax plus bytes that are not UTF-8 on their own (lead, continuation, invalid).
    private static readonly byte[] Alphabet = [.. "ab=_ \t\n#$\r{}"u8.ToArray(), 0xC3, 0xA9, 0xE9, 0x80, 0xFF, 0xF0, 0x9F, 0xED, 0xA0, 0x00];

    [Property(MaxTest = 1000)]
    public void Decode_ArbitraryBytes_EncodeGivesSameBytes(byte[] bytes) =>
        Assert.Equal(bytes, PostfixText.Encode(PostfixText.Decode(bytes)));

    [Property(MaxTest = 500)]
    public Property Decode_MixedUtf8AndInvalid_EncodeGivesSameBytes() =>
        Prop.ForAll(Gen.Elements(Alphabet).ArrayOf().ToArbitrary(), bytes => Assert.Equal(bytes, PostfixText.Encode(PostfixText.Decode(bytes))));

    [Fact]
    public void Decode_ValidUtf8_IsOrdinaryText() =>
        Assert.Equal("café ✓ 😀", PostfixText.Decode(Encoding.UTF8.GetBytes("café ✓ 😀")));

    [Fact]
    public void Decode_Latin1Byte_BecomesEscape()
    {
        Assert.Equal("caf\uDCE9", PostfixText.Decode([0x63, 0x61, 0x66, 0xE9]));
        Assert.Equal("\uDCED\uDCA0\uDC80", PostfixText.Decode([0xED, 0xA0, 0x80]));   // an encoded surrogate is not UTF-8
    }

    [Fact]
    public void Encode_LoneSurrogateOutsideEscapes_Throws()
    {
        Assert.Throws<ArgumentException>(() => PostfixText.Encode("a\uD800b"));
        Assert.Throws<ArgumentException>(() => PostfixText.Encode("\uDC7F"));
        Assert.False(PostfixText.IsEncodable("\uD83D"));
        Assert.True(PostfixText.IsEncodable("\uDCFF😀"));
    }

    /// <summary>Set(n, GetValue(n)) gives back the same bytes for every parameter of every main.cf.</summary>
    [Property(MaxTest = 500)]
    public Property MainCf_SetOwnValue_SameBytes() =>
        Prop.ForAll(Gen.Elements(Alphabet).ArrayOf().ToArbitrary(), bytes => AssertSetOwnValueKeepsBytes(bytes));

    [Property(MaxTest = 300)]
    public Property MainCf_SetOwnValueOfGeneratedParameters_SameBytes()
    {
        var value = Gen.Elements(Alphabet.Where(b => b is not (byte)'\n' and not (byte)'#').ToArray()).ArrayOf();
        var line = value.Select(v => (byte[])[.. "name = "u8, .. v, (byte)'\n']);
        return Prop.ForAll(line.ArrayOf().Select(ls => ls.SelectMany(l => l).ToArray()).ToArbitrary(), bytes => AssertSetOwnValueKeepsBytes(bytes));
    }

    [Fact]
    public void MainCf_Latin1Value_SetBackKeepsBytes()
    {
        byte[] bytes = [.. "myhostname = caf"u8, 0xE9, .. ".example\n"u8];
        var document = MainCfDocument.Parse(bytes);
        var value = document.GetValue("myhostname")!;
        Assert.Equal("caf\uDCE9.example", value);
        Assert.Equal(bytes, document.WithValue("myhostname", value).ToBytes());
    }

    private static void AssertSetOwnValueKeepsBytes(byte[] bytes)
    {
        var document = MainCfDocument.Parse(bytes);
        foreach (var name in document.Names.ToList())
        {
            var value = document.GetValue(name)!;
            Assert.Equal(bytes, document.WithValue(name, value).ToBytes());
        }
    }
}
