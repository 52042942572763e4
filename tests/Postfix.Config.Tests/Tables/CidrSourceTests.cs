using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.Tables;

namespace Postfix.Config.Tests.Tables;

public sealed class CidrSourceTests
{
    private static readonly string[] Fragments =
    [
        "10.0.0.0/8", "192.0.2.1", "[192.0.2.0]/24", "[2001:db8::/32]", "2001:db8::1", "::", "/", "!", "if ", "endif", "IF", " ", "\t",
        "\n", "\n", "\r\n", "#x\n", "OK", "REJECT x", "[", "]", ":", ".", "300", "\0",
    ];

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Parse_ArbitraryBytes_WritesIdenticalBytes(byte[] bytes) =>
        CidrSource.Parse(bytes, new CidrSourceOptions { SourceName = "t.cidr" }).ToBytes().AsSpan().SequenceEqual(bytes);

    [Fact]
    public void Parse_CidrLikeBytes_WritesIdenticalBytesAndNeverThrowsOnLookup()
    {
        var gen = Gen.Elements(Fragments).ListOf().Select(l => Encoding.UTF8.GetBytes(string.Concat(l)));
        Prop.ForAll(Arb.From(gen), bytes =>
        {
            var source = CidrSource.Parse(bytes, new CidrSourceOptions { SourceName = "t.cidr" });
            var table = source.ToTable();
            _ = table.Lookup("10.1.2.3");
            _ = table.Lookup("2001:db8::1");
            return source.ToBytes().AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("192.168.2.1/24 x\n", "cidr map t.cidr, line 1: non-null host address bits in \"192.168.2.1/24\", perhaps you should use \"192.168.2.0/24\" instead: skipping this rule", "PFC3107")]
    [InlineData("300.1.1.1/8 OK\n", "cidr map t.cidr, line 1: bad network value in \"300.1.1.1/8\": skipping this rule", "PFC3101")]
    [InlineData("10.0.0.2\n", "cidr map t.cidr, line 1: no lookup result: skipping this rule", "PFC3102")]
    [InlineData("endif\n", "cidr map t.cidr, line 1: ENDIF without IF: skipping this rule", "PFC3105")]
    [InlineData("if 10.0.0.0/8\n", "cidr map t.cidr, line 1: IF has no matching ENDIF", "PFC3106")]
    [InlineData("2001:db8::1/32 x\n", "cidr map t.cidr, line 1: non-null host address bits in \"2001:db8::1/32\", perhaps you should use \"2001:db8::/32\" instead: skipping this rule", "PFC3107")]
    public void Parse_BadRule_PostfixWarning(string text, string warning, string code)
    {
        var table = CidrSource.Parse(Encoding.UTF8.GetBytes(text), new CidrSourceOptions { SourceName = "t.cidr" }).ToTable();
        Assert.Equal([warning], table.PostfixWarnings);
        Assert.Equal(code, Assert.Single(table.Diagnostics).Code);
    }

    [Fact]
    public void Lookup_FirstMatchNegationAndIf()
    {
        var table = CidrSource.Parse("if !10.0.0.0/8\n0.0.0.0/0 outside\nendif\n[10.1.0.0]/16 ten-one\n!10.2.0.0/16 not-ten-two\n[::1] loop6\n"u8, new CidrSourceOptions { SourceName = "t.cidr" }).ToTable();
        Assert.Equal("outside", table.Lookup("192.0.2.1"));
        Assert.Equal("ten-one", table.Lookup("10.1.2.3"));
        Assert.Null(table.Lookup("10.2.0.1"));
        Assert.Equal("not-ten-two", table.Lookup("10.3.0.1"));
        Assert.Equal("loop6", table.Lookup("0:0::1"));
        Assert.Null(table.Lookup("010.1.2.3"));
    }

    [Fact]
    public void AddRule_ChecksLikePostfix()
    {
        var source = CidrSource.Parse("# clients\n"u8, new CidrSourceOptions { SourceName = "t.cidr" }).AddRule("!192.0.2.0/24", "REJECT");
        Assert.Equal("# clients\n!192.0.2.0/24 REJECT\n", Encoding.UTF8.GetString(source.ToBytes()));
        Assert.Equal("non-null host address bits in \"192.0.2.1/24\", perhaps you should use \"192.0.2.0/24\" instead",
            Assert.Throws<FormatException>(() => source.AddRule("192.0.2.1/24", "x")).Message);
        Assert.Equal("2001:db8::/32", CidrPattern.Parse("[2001:DB8::]/32").ToString());
    }
}
