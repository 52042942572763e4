using System.Text;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tests.MainCf;

public sealed class MainCfParserTests
{
    [Fact]
    public void Read_ContinuedValueWithInnerCommentAndBlank_JoinsWithoutSeparator()
    {
        var document = MainCfDocument.Parse("abc = 1\n#def\n\n ghi\nnext = 2\n");
        var p = Assert.IsType<MainCfParameter>(document.Entries[0]);
        Assert.Equal("abc", p.Name);
        Assert.Equal("1 ghi", p.Value);
        Assert.Equal(4, p.LineCount);
        Assert.Equal(2, document.Entries.Count);
        Assert.Empty(document.Diagnostics);
    }

    [Fact]
    public void Read_HashAfterValue_IsData()
    {
        Assert.Equal("a # b", MainCfDocument.Parse("foo = a # b\n").GetValue("foo"));
    }

    [Fact]
    public void Read_CrLfContinuation_KeepsCrInsideValue()
    {
        var document = MainCfDocument.Parse("a = 1\r\n  cont\r\n");
        Assert.Equal("1\r  cont", document.GetValue("a"));
    }

    [Fact]
    public void Read_NoBackslashContinuation_BackslashIsData()
    {
        Assert.Equal("b \\ c", MainCfDocument.Parse("a = b \\\n c\n").GetValue("a"));
    }

    [Fact]
    public void GetValue_EmptyVersusAbsent_KeptApart()
    {
        var document = MainCfDocument.Parse("relayhost =\n");
        Assert.Equal(string.Empty, document.GetValue("relayhost"));
        Assert.True(document.Contains("relayhost"));
        Assert.Null(document.GetValue("myhostname"));
        Assert.False(document.Contains("myhostname"));
    }

    [Fact]
    public void GetValue_Duplicates_LastWinsAndWarnsOnlyWhenDifferent()
    {
        var document = MainCfDocument.Parse("foo = 1\nfoo = 2\nfoo = 2\n", new MainCfOptions { SourceName = "/etc/postfix/main.cf" });
        Assert.Equal("2", document.GetValue("foo"));
        var d = Assert.Single(document.Diagnostics);
        Assert.Equal("/etc/postfix/main.cf(2,1): warning PFC1004: overriding earlier entry: foo=1", d.ToString());
    }

    [Fact]
    public void Read_IndentedFirstLine_SkippedWithPostfixWarning()
    {
        var document = MainCfDocument.Parse("  indented = 1\n  cont\nfoo = 1\n");
        var unparsed = Assert.IsType<MainCfUnparsed>(document.Entries[0]);
        Assert.Equal(2, unparsed.LineCount);
        Assert.Equal("main.cf(1,1): warning PFC1003: logical line must not start with whitespace: \"  indented = 1  cont\"", unparsed.Diagnostic.ToString());
        Assert.False(document.HasErrors);
        Assert.Null(document.GetValue("indented"));
        Assert.Equal("1", document.GetValue("foo"));
    }

    [Fact]
    public void Read_LongIndentedLine_ClipsAt30BytesLikePostfix()
    {
        var document = MainCfDocument.Parse(" 123456789012345678901234567890123\n");
        Assert.Equal("logical line must not start with whitespace: \" 12345678901234567890123456789...\"", document.Diagnostics[0].Message);
    }

    [Fact]
    public void Read_MissingEquals_ErrorWithPostfixWording()
    {
        var document = MainCfDocument.Parse("a = 1\nfoo\n  bar = x\n");
        Assert.True(document.HasErrors);
        Assert.Equal("main.cf(2,4): error PFC1001: missing '=' after attribute name: \"foo  bar = x\"", document.Diagnostics[0].ToString());
        Assert.IsType<MainCfUnparsed>(document.Entries[1]);
    }

    [Fact]
    public void Read_NameWithBlank_MissingEqualsError()
    {
        var d = Assert.Single(MainCfDocument.Parse("my hostname = 1\n").Diagnostics);
        Assert.Equal("main.cf(1,3): error PFC1001: missing '=' after attribute name: \"my hostname = 1\"", d.ToString());
    }

    [Fact]
    public void Read_MissingName_Error()
    {
        var d = Assert.Single(MainCfDocument.Parse("a = 1\n=nope\n").Diagnostics);
        Assert.Equal("main.cf(2,1): error PFC1002: missing attribute name: \"=nope\"", d.ToString());
    }

    [Fact]
    public void Parse_Errors_ThrowsWithDiagnostics()
    {
        var document = MainCfDocument.Parse("=x\n"u8);
        Assert.True(document.HasErrors);
        var e = Assert.Throws<ConfigFormatException>(() => document.ThrowIfErrors());
        Assert.Single(e.Diagnostics);
        Assert.False(MainCfDocument.Parse("x=\n").HasErrors);
    }

    [Fact]
    public void Read_NulByte_ValueEndsThereWithWarning()
    {
        var document = MainCfDocument.Parse(Encoding.Latin1.GetBytes("myhostname = a\0b\n"));
        Assert.Equal("a", document.GetValue("myhostname"));
        var d = Assert.Single(document.Diagnostics);
        Assert.Equal("main.cf(1,15): warning PFC1005: text after a null byte is ignored", d.ToString());
    }

    [Fact]
    public void Read_Bom_BecomesPartOfFirstName()
    {
        var document = MainCfDocument.Parse(Encoding.Latin1.GetBytes("\u00ef\u00bb\u00bfmyhostname=bom\n"));
        Assert.Null(document.GetValue("myhostname"));
        Assert.Equal("\ufeffmyhostname", document.Definitions.Single().Name);
    }

    [Fact]
    public void Read_NotUtf8_ValueKeptByteForByte()
    {
        var document = MainCfDocument.Parse(Encoding.Latin1.GetBytes("a = caf\u00e9\n"));
        Assert.Equal("caf\uDCE9", document.GetValue("a"));
        Assert.Equal([0x63, 0x61, 0x66, 0xE9], PostfixText.Encode(document.GetValue("a")!));
    }

    [Fact]
    public void Locations_SingleLine_CountFromTheStartOfTheFile()
    {
        const string text = "x = 0\nname\t=  some value  \r\n";
        var p = MainCfDocument.Parse(text).Find("name")!;
        Assert.Equal(new SourceLocation("main.cf", 2, 1, 6, 4), p.NameLocation);
        Assert.Equal(new SourceLocation("main.cf", 2, 6, 11, 1), p.EqualsLocation);
        Assert.Equal(new SourceLocation("main.cf", 2, 9, 14, 10), p.ValueLocation);
        Assert.Equal(new SourceLocation("main.cf", 2, 1, 6, text.Length - 6), p.Location);
        Assert.Equal("some value", text.Substring(p.ValueLocation.Offset, p.ValueLocation.Length));
        Assert.Equal(new MainCfSpan(0, 4), p.NameSpan);
    }

    [Fact]
    public void Locations_Continued_ValueSpanCoversInnerLines()
    {
        const string text = "b = 1\na = one,\n# c\n    two\n";
        var p = MainCfDocument.Parse(text).Find("a")!;
        Assert.Equal("one,\n# c\n    two", text.Substring(p.ValueLocation.Offset, p.ValueLocation.Length));
        Assert.Equal("one,    two", p.Value);
    }

    [Fact]
    public void ToDictionary_LastDefinitionWins()
    {
        var d = MainCfDocument.Parse("a=1\nb=\na=3\n").ToDictionary();
        Assert.Equal(2, d.Count);
        Assert.Equal("3", d["a"]);
        Assert.Equal(string.Empty, d["b"]);
    }
}
