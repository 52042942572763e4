using Postfix.Config.Syntax;
using Postfix.Config.Tables.Regexp;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Regexp;

public sealed class KnownDeviationTests
{
    [Fact]
    public async Task Lookup_KnownDeviations_StillDifferFromPostmap()
    {
        RealPostfix.Require("postmap");
        foreach (var c in KnownDeviations.Cases)
        {
            if (c.Type == "pcre")
            {
                RealPostfix.RequirePcre();
            }

            using var oracle = new PostmapOracle();
            var bytes = System.Text.Encoding.Latin1.GetBytes(c.Table);
            var path = oracle.WriteTable(bytes, c.Type);
            var (expected, _) = await oracle.QueryAsync(c.Type + ":" + path, [c.Key]);
            var doc = PatternTableDocument.Parse(SourceText.FromBytes(bytes, path), c.Type == "pcre" ? PatternTableDialect.Pcre : PatternTableDialect.Regexp);
            var actual = PatternTableEvaluator.Lookup(doc.Rules, c.Key);
            Assert.True(!string.Equals(expected[0], actual, StringComparison.Ordinal), $"known deviation now agrees ({c.Reason}): remove it from KnownDeviations");
        }
    }
}
