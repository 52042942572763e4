using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Regexp;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Regexp;

public sealed class HeaderCheckRuleTests
{
    [Fact]
    public void ToLine_DelimiterInExpression_IsEscapedOnce()
    {
        var rule = new HeaderCheckRule(@"^Subject: a/b\/c", "REJECT no") { CaseSensitive = true, Negated = true };
        Assert.Equal(@"!/^Subject: a\/b\/c/i REJECT no", rule.ToLine());
        var doc = PatternTableDocument.Parse(rule.ToLine() + "\n", new PatternTableOptions { SourceName = "t", Dialect = PatternTableDialect.Regexp });
        var entry = Assert.Single(doc.Entries);
        Assert.Equal(@"^Subject: a\/b\/c", entry.Pattern!.Expression);
        Assert.Equal("i", entry.Pattern.Flags);
        Assert.True(entry.Pattern.Negated);
        Assert.Equal("REJECT no", entry.Result);
    }

    [Theory]
    [InlineData('a')]
    [InlineData(' ')]
    [InlineData('!')]
    [InlineData('\\')]
    public void ToLine_BadDelimiter_Throws(char delimiter) =>
        Assert.Throws<ArgumentException>(() => new HeaderCheckRule("x", "OK") { Delimiter = delimiter }.ToLine());

    [Fact]
    public void ToLine_TrailingBackslash_Throws() =>
        Assert.Throws<ArgumentException>(() => new HeaderCheckRule(@"x\", "OK").ToLine());

    [Fact]
    public void EscapeResultText_Dollar_Doubled() =>
        Assert.Equal("REJECT costs $$5", HeaderCheckRule.EscapeResultText("REJECT costs $5"));

    [Theory]
    [InlineData("regexp")]
    [InlineData("pcre")]
    public async Task ForLiteral_SpecialCharacters_MatchThemselvesInPostmap(string type)
    {
        if (type == "pcre")
        {
            RealPostfix.RequirePcre();
        }
        else
        {
            RealPostfix.Require("postmap");
        }

        var dialect = type == "pcre" ? PatternTableDialect.Pcre : PatternTableDialect.Regexp;
        string[] literals = ["a.b", "x[y]z", "(1+2)*3?", "{a}|b", "^$\\", "to: <a@b>", "50% #off", "a/b"];
        var text = new StringBuilder();
        for (var i = 0; i < literals.Length; i++)
        {
            text.Append(HeaderCheckRule.ForLiteral(literals[i], "HIT" + i, dialect).ToLine()).Append('\n');
        }

        using var oracle = new PostmapOracle();
        var path = oracle.WriteTable(Encoding.ASCII.GetBytes(text.ToString()), type);
        var keys = literals.Concat(literals.Select(l => "x" + l)).ToArray();
        var (expected, stderr) = await oracle.QueryAsync(type + ":" + path, keys);
        Assert.Empty(stderr);
        for (var i = 0; i < literals.Length; i++)
        {
            Assert.Equal("HIT" + i, expected[i]);
        }

        var doc = PatternTableDocument.Parse(text.ToString(), new PatternTableOptions { SourceName = path, Dialect = dialect });
        Assert.Equal(expected, keys.Select(k => PatternTableEvaluator.Lookup(doc.Rules, k)).ToArray());
    }
}
