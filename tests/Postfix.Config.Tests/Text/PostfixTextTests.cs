using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;

namespace Postfix.Config.Tests.Text;

/// <summary>Strings never lose a byte: the codec and every string the main.cf and master.cf APIs hand out round-trip to the exact bytes.</summary>
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
        Assert.Equal(bytes, document.Set("myhostname", value).ToBytes());
    }

    /// <summary>The minimal Set of main.cf on arbitrary bytes (every byte value) gives back the same bytes.</summary>
    [Property(MaxTest = 500)]
    public void MainCf_ArbitraryBytes_SetOwnValue_SameBytes(byte[] bytes) => AssertSetOwnValueKeepsBytes(bytes);

    /// <summary>
    /// master.cf: for every service, SetField(field, own value) for each of the eight fields and
    /// SetParameter(name, own value) for each <c>-o</c> option give back the same bytes.
    /// </summary>
    [Property(MaxTest = 500)]
    public void MasterCf_ArbitraryBytes_SetOwnValues_SameBytes(byte[] bytes) => AssertMasterSetOwnValuesKeepBytes(bytes);

    [Property(MaxTest = 500)]
    public Property MasterCf_SyntaxBytes_SetOwnValues_SameBytes() =>
        Prop.ForAll(Gen.Elements(MasterAlphabet).ArrayOf().ToArbitrary(), AssertMasterSetOwnValuesKeepBytes);

    /// <summary>Services with eight fields and <c>-o</c> options whose words are drawn from bytes that are not all UTF-8.</summary>
    [Property(MaxTest = 300)]
    public Property MasterCf_GeneratedServices_SetOwnValues_SameBytes()
    {
        var word = Gen.Elements(WordBytes).NonEmptyListOf().Select(w => w.ToArray());
        var blank = Gen.Elements<byte[]>([.. " "u8], [.. "\t"u8], [.. "\n  "u8], [.. "\r\n\t"u8], [.. "\n# c\n  "u8]);
        var option = from name in word
                     from value in word
                     from form in Gen.Choose(0, 2)
                     from sep in blank
                     select form switch
                     {
                         0 => (byte[])[.. sep, .. "-o "u8, .. name, (byte)'=', .. value],
                         1 => [.. sep, .. "-o { "u8, .. name, .. " = "u8, .. value, .. " }"u8],
                         _ => [.. sep, .. "-o"u8, .. name, (byte)'=', .. value],
                     };
        var service = from fields in word.ListOf(8)
                      from options in option.ListOf()
                      from eol in Gen.Elements<byte[]>([.. "\n"u8], [.. "\r\n"u8], [])
                      select (byte[])[.. fields.SelectMany(f => (byte[])[.. f, (byte)' ']), .. options.SelectMany(o => o), .. eol];
        var file = service.ListOf().Select(ss => ss.SelectMany(x => x).ToArray());
        return Prop.ForAll(file.ToArbitrary(), AssertMasterSetOwnValuesKeepBytes);
    }

    private static readonly byte[] MasterAlphabet = [.. "ao-=y0? \t\n#{}"u8.ToArray(), 0xC3, 0xA9, 0xE9, 0xFF, 0x00];

    private static readonly byte[] WordBytes = [.. "abyn-0?{}$_/"u8.ToArray(), 0xC3, 0xA9, 0xE9, 0x80, 0xFF];

    private static void AssertMasterSetOwnValuesKeepBytes(byte[] bytes)
    {
        var document = MasterCfDocument.Parse(bytes);
        foreach (var service in document.Services)
        {
            foreach (var field in Enum.GetValues<MasterCfField>())
            {
                var token = field switch
                {
                    MasterCfField.Service => service.Name,
                    MasterCfField.Type => service.Type,
                    MasterCfField.Private => service.Private,
                    MasterCfField.Unprivileged => service.Unprivileged,
                    MasterCfField.Chroot => service.Chroot,
                    MasterCfField.Wakeup => service.Wakeup,
                    MasterCfField.ProcessLimit => service.ProcessLimit,
                    _ => service.Command,
                };
                Assert.Equal(bytes, document.SetField(service, field, token.Text).ToBytes());
            }

            foreach (var option in service.Options)
            {
                // SetParameter sets every -o of that name: "its own value" is one value all of them share.
                if (service.Options.Where(o => o.Name == option.Name).All(o => o.Value == option.Value))
                {
                    Assert.Equal(bytes, document.SetParameter(service, option.Name, option.Value).ToBytes());
                }
            }
        }
    }

    private static void AssertSetOwnValueKeepsBytes(byte[] bytes)
    {
        var document = MainCfDocument.Parse(bytes);
        foreach (var name in document.Names.ToList())
        {
            var value = document.GetValue(name)!;
            Assert.Equal(bytes, document.Set(name, value).ToBytes());
        }
    }
}
