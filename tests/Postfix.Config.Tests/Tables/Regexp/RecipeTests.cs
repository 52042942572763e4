using System.Text;
using Postfix.Config.Tables.Regexp;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Regexp;

/// <summary>The README recipe (docs/regexp-tables.md), checked here and against the real postmap.</summary>
public sealed class RecipeTests
{
    private static readonly string[] Keys =
    [
        "Content-Type: multipart/report; report-type=disposition-notification",
        "Content-type: Multipart/report",
        "Content-Type: multipart/mixed",
        "X-Content-Type: multipart/report",
    ];

    [Fact]
    public void ToLine_ReadReceiptRecipe_WritesThePostfixLine()
    {
        var line = HeaderCheckRule.ForLiteral("Content-type: Multipart/report", "DISCARD").ToLine();
        Assert.Equal(@"/^Content-type: Multipart\/report/ DISCARD", line);
    }

    [Fact]
    public void Lookup_ReadReceiptRecipe_CaseInsensitiveByDefault()
    {
        var table = PatternTableDocument.Parse(@"/^Content-type: Multipart\/report/ DISCARD" + "\n", new PatternTableOptions { SourceName = "/etc/postfix/header_checks" }).ToTable();
        Assert.Equal("DISCARD", table.Lookup(Keys[0]));
        Assert.Equal("DISCARD", table.Lookup(Keys[1]));
        Assert.Null(table.Lookup(Keys[2]));
        Assert.Null(table.Lookup(Keys[3]));
        Assert.Empty(table.Diagnostics);
    }

    [Fact]
    public void Lookup_ReadReceiptRecipeWithIFlag_CaseSensitive()
    {
        var table = PatternTableDocument.Parse(@"/^Content-type: Multipart\/report/i DISCARD" + "\n", new PatternTableOptions { SourceName = "hc" }).ToTable();
        Assert.Null(table.Lookup(Keys[0]));
        Assert.Equal("DISCARD", table.Lookup(Keys[1]));
    }

    [Theory]
    [InlineData("", "regexp")]
    [InlineData("i", "regexp")]
    [InlineData("", "pcre")]
    [InlineData("i", "pcre")]
    public async Task Lookup_ReadReceiptRecipe_SameAsPostmap(string flags, string type)
    {
        if (type == "pcre")
        {
            RealPostfix.RequirePcre();
        }
        else
        {
            RealPostfix.Require("postmap");
        }

        var text = @"/^Content-type: Multipart\/report/" + flags + " DISCARD\n";
        using var oracle = new PostmapOracle();
        var path = oracle.WriteTable(Encoding.ASCII.GetBytes(text), type);
        var (expected, stderr) = await oracle.QueryAsync(type + ":" + path, Keys);
        Postfix.Config.Tables.ILookupTable table = type == "pcre" ? PatternTableDocument.Parse(text, new PatternTableOptions { SourceName = path, Dialect = PatternTableDialect.Pcre }).ToTable() : PatternTableDocument.Parse(text, new PatternTableOptions { SourceName = path }).ToTable();
        Assert.Equal(expected, Keys.Select(table.Lookup).ToArray());
        Assert.Empty(stderr);
    }
}
