using Postfix.Config.Syntax;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Regexp;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Regexp;

public sealed class CorpusTableTests
{
    private static readonly string[] Keys =
    [
        "user@example.com", "USER@EXAMPLE.COM", "nobody@example.com", "alice@foo.test", "ALICE@FOO.TEST", "x@named.test",
        "555-1234@digits.test", "mixedcase@example.com", "MixedCase@Example.COM", "admin@sub.example.test",
        "admin@example.test", "noatsign", "Subject: hi", "To: user@example.com", "a@b.invalid", "", "@", "@foo.test",
    ];

    private static byte[] Data(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Regexp", name));

    [Theory]
    [InlineData("access.regexp", "regexp")]
    [InlineData("access.pcre", "regexp")]
    [InlineData("access.pcre", "pcre")]
    public async Task Lookup_CorpusTable_SameAsPostmap(string file, string type)
    {
        if (type == "pcre")
        {
            RealPostfix.RequirePcre();
        }
        else
        {
            RealPostfix.Require("postmap");
        }

        using var oracle = new PostmapOracle();
        var path = oracle.WriteTable(Data(file), type);
        var (expected, stderr) = await oracle.QueryAsync(type + ":" + path, Keys);
        var source = SourceText.FromBytes(Data(file), path);
        ILookupTable table = type == "pcre" ? PatternTableDocument.Parse(source.ToArray(), new PatternTableOptions { SourceName = source.Name, Dialect = PatternTableDialect.Pcre }).ToTable() : PatternTableDocument.Parse(source.ToArray(), new PatternTableOptions { SourceName = source.Name }).ToTable();
        var actual = Keys.Select(table.Lookup).ToArray();
        Assert.Equal(expected, actual);
        var doc = ((PatternTable)table).Document;
        Assert.Equal(stderr.Select(l => l.Replace("postmap: warning: ", string.Empty, StringComparison.Ordinal)), doc!.PostfixWarnings);
    }

    [Fact]
    public void Parse_CorpusRegexp_KnownEntriesAndExactBytes()
    {
        var bytes = Data("access.regexp");
        var doc = PatternTableDocument.Parse(bytes, new PatternTableOptions { SourceName = "access.regexp", Dialect = PatternTableDialect.Regexp });
        Assert.Equal(bytes, doc.ToBytes());
        Assert.Equal(bytes, doc.Entries.SelectMany(e => System.Text.Encoding.UTF8.GetBytes(e.RawText)).ToArray());
        Assert.Equal(
            [PatternTableEntryKind.Comment, PatternTableEntryKind.Rule, PatternTableEntryKind.Rule, PatternTableEntryKind.Rule,
             PatternTableEntryKind.Rule, PatternTableEntryKind.If, PatternTableEntryKind.Rule, PatternTableEntryKind.EndIf,
             PatternTableEntryKind.Rule],
            doc.Entries.Select(e => e.Kind));
        var negated = doc.Entries[^1];
        Assert.True(negated.Pattern!.Negated);
        Assert.Equal("@", negated.Pattern.Expression);
        Assert.Equal("REJECT no at sign", negated.Result);
        Assert.Empty(doc.Diagnostics);
    }

    [Fact]
    public void Lookup_CorpusPcreAsRegexp_WarnsLikePostfixWithLineAndColumn()
    {
        var doc = PatternTableDocument.Parse(Data("access.pcre"), new PatternTableOptions { SourceName = "access.pcre", Dialect = PatternTableDialect.Regexp });
        var d = Assert.Single(doc.Diagnostics);
        Assert.Equal("access.pcre(5,2): warning PFC3511: Invalid preceding regular expression", d.ToString());
        Assert.Equal(["regexp map access.pcre, line 5: Invalid preceding regular expression"], doc.PostfixWarnings);
    }
}
