using System.Text;
using Postfix.Config.Tables.Regexp;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Regexp;

/// <summary>
/// Postfix needs no whitespace between a rule's pattern and its result: "/a/!/b/!x" is the pattern /a/!/b/ with the
/// result "!x". A new result glued there could read as flags; SetRule then writes one space, and real postmap
/// answers the new result (found by the FsCheck string round trip). Only regexp: tables have this form: a pcre: rule
/// has no "/a/!/b/" negated pair.
/// </summary>
public sealed class GluedResultTests
{
    [Theory]
    [InlineData("/(b)/i!/c/!/c/x\\x\n", "/(b)/i!/c/", "x-other", "/(b)/i!/c/ x-other\n")]
    [InlineData("/a/!/b/!x\n", "/a/!/b/", "ix", "/a/!/b/ ix\n")]
    [InlineData("/a/!/b/!x\n", "/a/!/b/", "!y", "/a/!/b/!y\n")]
    [InlineData("/a/!/b/i!x\n", "/a/!/b/i", "x-other", "/a/!/b/i x-other\n")]
    public async Task SetRule_GluedResult_PostmapAnswersTheNewResult(string table, string pattern, string result, string expected)
    {
        RealPostfix.Require("postmap");
        var before = PatternTableDocument.Parse(Encoding.UTF8.GetBytes(table), new PatternTableOptions { Dialect = PatternTableDialect.Regexp });
        var edited = before.SetRule(pattern, result);
        Assert.Equal(expected, Encoding.UTF8.GetString(edited.ToBytes()));
        Assert.Equal(result, edited.GetResult(pattern));

        using var oracle = new PostmapOracle();
        var path = oracle.WriteTable(edited.ToBytes(), "regexp");
        var (values, stderr) = await oracle.QueryAsync("regexp:" + path, ["a", "b"]);
        Assert.Empty(stderr);
        Assert.Contains(result, values);
    }
}
