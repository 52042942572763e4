using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;

namespace Postfix.Config.Tests.Tables;

public sealed class PostmapSourceTests
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Parse_ArbitraryBytes_WritesIdenticalBytes(byte[] bytes) =>
        PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = "t", Utf8 = false }).ToBytes().AsSpan().SequenceEqual(bytes)
        && PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = "t", Utf8 = true }).ToBytes().AsSpan().SequenceEqual(bytes);

    [Fact]
    public void Parse_TableLikeBytes_WritesIdenticalBytes()
    {
        Prop.ForAll(Arb.From(TableGen.TexthashBytes()), bytes =>
            PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = "t", Utf8 = true }).ToBytes().AsSpan().SequenceEqual(bytes)).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Parse_LineEndings_RoundTripAndTrimValue(string ending)
    {
        var text = "# c" + ending + "user@example.com   value with  spaces  " + ending + "multi first" + ending + "   second" + ending + "\tthird";
        var source = PostmapSource.Parse(Encoding.UTF8.GetBytes(text), new PostmapSourceOptions { SourceName = "t", Utf8 = false });
        Assert.Equal(text, Encoding.UTF8.GetString(source.ToBytes()));
        var table = source.ToTable();
        Assert.Equal("value with  spaces", table.Lookup("USER@example.com"));
        var multi = ending == "\r\n" ? "first\r   second\r\tthird" : "first   second\tthird";
        Assert.Equal(multi, table.Lookup("multi"));
    }

    [Fact]
    public void Parse_QuotedKeyWithSpace_KeepsQuotes()
    {
        var table = PostmapSource.Parse("\"a b\"@example.com quoted\nkey\\ x esc\n"u8, new PostmapSourceOptions { SourceName = "t", Utf8 = false }).ToTable();
        Assert.Equal("quoted", table.Lookup("\"a b\"@example.com"));
        Assert.Equal("esc", table.Lookup("key\\ x"));
        Assert.Null(table.Lookup("a b@example.com"));
    }

    [Fact]
    public void ToTable_Duplicates_FirstWinsWithPostfixWarning()
    {
        var source = PostmapSource.Parse("k v1\nK v2\n"u8, new PostmapSourceOptions { SourceName = "dup.txt", Utf8 = false });
        var table = source.ToTable();
        Assert.Equal("v1", table.Lookup("k"));
        Assert.Equal(["dup.txt, line 2: duplicate entry: \"K\""], table.PostfixWarnings);
        Assert.Equal("PFC3005", Assert.Single(table.Diagnostics).Code);
        Assert.Equal("v2", source.ToTable(LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Replace }).Lookup("k"));
        Assert.Empty(source.ToTable(LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Ignore }).PostfixWarnings);
        Assert.Null(source.ToTable(LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Fail }).Lookup("k"));
    }

    [Fact]
    public void ToTable_NoFolding_KeepsCase()
    {
        var source = PostmapSource.Parse("UPPER@Example.COM v\n"u8, new PostmapSourceOptions { SourceName = "t", Utf8 = false });
        var table = source.ToTable(LookupTableOptions.Default with { FoldCase = false });
        Assert.Equal("v", table.Lookup("UPPER@Example.COM"));
        Assert.Null(table.Lookup("upper@example.com"));
        var hash = source.ToTable(LookupTableOptions.Default with { FoldCase = false }, "hash");
        Assert.Null(hash.Lookup("UPPER@Example.COM"));
        Assert.Equal("v", hash.Lookup("upper@example.com"));
    }

    [Fact]
    public void ToTable_Utf8_CaseFoldsLikeIcuAndSkipsBadLines()
    {
        var bytes = "STRA\u00dfE s\nCAF\u00c9 c\n"u8.ToArray().Concat(new byte[] { (byte)'b', 0xff, (byte)' ', (byte)'y', (byte)'\n' }).ToArray();
        var utf8 = PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = "t.txt", Utf8 = true }).ToTable(LookupTableOptions.Default with { Utf8 = true });
        Assert.Equal("s", utf8.Lookup("strasse"));
        Assert.Equal("c", utf8.Lookup("caf\u00e9"));
        Assert.Equal(["t.txt, line 3: non-UTF-8 input \"b? y\" -- ignoring this line"], utf8.PostfixWarnings);
        var ascii = PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = "t.txt", Utf8 = false }).ToTable();
        Assert.Null(ascii.Lookup("strasse"));
        Assert.Equal("c", ascii.Lookup("caf\u00c9"));
        Assert.Null(ascii.Lookup("caf\u00e9"));
    }

    [Theory]
    [InlineData("k\n", "t, line 1: expected format: key whitespace value -- ignoring this line", "PFC3002")]
    [InlineData("\"a b v\n", "t, line 1: unbalanced '\"' in '\"a b v' -- ignoring this line", "PFC3003")]
    [InlineData("a: b\n", "t, line 1: record is in \"key: value\" format; is this an alias file?", "PFC3004")]
    [InlineData(" indented x\n", "t: logical line must not start with whitespace: \" indented x\"", "PFC3001")]
    [InlineData(" 0123456789012345678901234567890123 x\n", "t: logical line must not start with whitespace: \" 01234567890123456789012345678...\"", "PFC3001")]
    public void Parse_BadLine_PostfixWarning(string text, string warning, string code)
    {
        var table = PostmapSource.Parse(Encoding.UTF8.GetBytes(text), new PostmapSourceOptions { SourceName = "t", Utf8 = false }).ToTable();
        Assert.Equal([warning], table.PostfixWarnings);
        Assert.Equal(code, Assert.Single(table.Diagnostics).Code);
    }

    [Fact]
    public void Set_ExistingKey_ChangesOnlyThatValue()
    {
        var source = PostmapSource.Parse("# head\r\nKey old value\r\nother x\r\n"u8, new PostmapSourceOptions { SourceName = "t", Utf8 = false });
        var edited = source.Set("key", "new value");
        Assert.Equal("# head\r\nKey new value\r\nother x\r\n", Encoding.UTF8.GetString(edited.ToBytes()));
        var added = edited.Add("\"a b\"@example.com", "OK");
        Assert.Equal("OK", added.ToTable().Lookup("\"a b\"@example.com"));
        Assert.Equal("# head\r\nKey new value\r\nother x\r\n\"a b\"@example.com OK\r\n", Encoding.UTF8.GetString(added.ToBytes()));
        Assert.Null(added.Remove("OTHER").ToTable().Lookup("other"));
    }

    [Fact]
    public void Add_NoFinalNewline_AddsOneFirst()
    {
        var source = PostmapSource.Parse("a 1"u8, new PostmapSourceOptions { SourceName = "t", Utf8 = false }).Add("b", "2");
        Assert.Equal("a 1\nb 2\n", Encoding.UTF8.GetString(source.ToBytes()));
    }

    [Theory]
    [InlineData("a b", "x")]
    [InlineData("k", " x")]
    [InlineData("k", "x\ny")]
    [InlineData("\"k", "x")]
    [InlineData("", "x")]
    public void Format_Unrepresentable_Throws(string key, string value)
    {
        Assert.Throws<ArgumentException>(() => TableKey.Format(key, value));
    }

    [Fact]
    public void QuoteLocalPart_Spaces_Quotes()
    {
        Assert.Equal("\"a b\"", TableKey.QuoteLocalPart("a b"));
        Assert.Equal("\"x\\\"y\"", TableKey.QuoteLocalPart("x\"y"));
        Assert.Equal("plain.user", TableKey.QuoteLocalPart("plain.user"));
        Assert.Equal("\"a b\"@example.com OK", TableKey.Format(TableKey.QuoteLocalPart("a b") + "@example.com", "OK"));
    }

    [Fact]
    public void Scan_TableLikeSources_AnswersAndWarnsLikeTheTable()
    {
        var options = Gen.Elements(
            LookupTableOptions.Default,
            LookupTableOptions.Default with { Utf8 = true },
            LookupTableOptions.Default with { FoldCase = false },
            LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Replace, Utf8 = true },
            LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Ignore },
            LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Fail });
        var cases = from bytes in TableGen.TexthashBytes()
                    from key in TableGen.Keys()
                    from opts in options
                    select (bytes, key, opts);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var (bytes, key, opts) = c;
            var table = PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = "t.txt", Utf8 = opts.Utf8 }).ToTable(opts);
            var expectedWarnings = new List<string>(table.PostfixWarnings);
            var expected = table.LookupBytes(Encoding.UTF8.GetBytes(key), expectedWarnings.Add);
            var warnings = new List<string>();
            var actual = TexthashScan.Lookup(bytes, "t.txt", Encoding.UTF8.GetBytes(key), opts, warnings.Add);
            return (expected is null ? actual is null : actual is not null && expected.AsSpan().SequenceEqual(actual))
                && expectedWarnings.SequenceEqual(warnings);
        }).QuickCheckThrowOnFailure();
    }
}
