using System.Text.RegularExpressions;
using Postfix.Config.Tables.Regexp;

namespace Postfix.Config.Tests.Tables.Regexp;

public sealed class PatternTableBehaviourTests
{
    [Fact]
    public void Lookup_HostilePattern_ThrowsTimeoutInsteadOfHanging()
    {
        var options = new PatternTableOptions { MatchTimeout = TimeSpan.FromMilliseconds(50) };
        var table = PatternTableDocument.Parse("/^(a+)+$/ HIT\n", options with { SourceName = "p", Dialect = PatternTableDialect.Pcre }).ToTable();
        Assert.Throws<RegexMatchTimeoutException>(() => table.Lookup(new string('a', 40) + "!"));
    }

    [Fact]
    public void Lookup_UntranslatablePcreConstruct_DiagnosesAndRefusesToAnswer()
    {
        var table = PatternTableDocument.Parse("/(?|(a)|(b))/ HIT\n/x/ X\n", new PatternTableOptions { SourceName = "p", Dialect = PatternTableDialect.Pcre }).ToTable();
        var d = Assert.Single(table.Diagnostics);
        Assert.Equal("PFC3690", d.Code);
        Assert.Equal(Postfix.Config.Syntax.DiagnosticSeverity.Error, d.Severity);
        Assert.Throws<NotSupportedException>(() => table.Lookup("x"));
    }

    [Theory]
    [InlineData(@"/^a\d$/i HIT", "ad", "HIT")]
    [InlineData(@"/^a\d$/i HIT", "a1", null)]
    [InlineData(@"/^a\d$/ HIT", "ad", null)]
    [InlineData(@"/^[\d]$/ HIT", "\\", "HIT")]
    [InlineData(@"/^\a$/ HIT", "a", null)]
    [InlineData(@"/^\a$/i HIT", "a", "HIT")]
    [InlineData(@"/^x(.)y(.)/ ${1}-$(2) costs $$5", "xayb", "a-b costs $5")]
    [InlineData(@"/^(a)|(b)$/ [$1][$2]", "b", "[][b]")]
    [InlineData(@"/^(a|ab)(c|bcd)(d*)$/ $1|$2|$3", "abcd", "a|bcd|")]
    [InlineData(@"/^\(a*\)b\1$/x $1", "aabaa", "aa")]
    [InlineData(@"/^bar/i X", "BAR", null)]
    [InlineData(@"/^é./ X", "éa", "X")]
    [InlineData(@"/^.$/ X", "é", null)]
    public void Lookup_PosixSemantics_AsGlibcInCLocale(string rule, string key, string? expected)
    {
        var table = PatternTableDocument.Parse(rule + "\n", new PatternTableOptions { SourceName = "r" }).ToTable();
        Assert.Empty(table.Diagnostics);
        Assert.Equal(expected, table.Lookup(key));
    }

    [Fact]
    public void Parse_IndentedRuleInsideIf_WarnsTwiceLikePostfix()
    {
        var doc = PatternTableDocument.Parse("if /a/\n  /b/ X\nendif\n", new PatternTableOptions { SourceName = "t", Dialect = PatternTableDialect.Regexp });
        Assert.Equal(
            [
                "regexp map t, line 1: ignoring extra text after IF statement: \"/b/ X\"",
                "regexp map t, line 1: do not prepend whitespace to statements between IF and ENDIF",
            ],
            doc.PostfixWarnings);
        Assert.Equal("t(2,3): warning PFC3512: ignoring extra text after IF statement: \"/b/ X\"", doc.Diagnostics[0].ToString());
    }
}
