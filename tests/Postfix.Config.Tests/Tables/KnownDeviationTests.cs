using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;
using Postfix.Config.Tables.Regexp;
using Postfix.Config.Tests.Tables.Regexp;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables;

public sealed class KnownDeviationTests
{
    [Fact]
    public async Task Lookup_KnownDeviations_StillDifferFromPostfix()
    {
        RealPostfix.Require("postmap", "postalias");
        foreach (var c in KnownDeviations.Cases)
        {
            using var oracle = new PostmapOracle();
            var bytes = Encoding.Latin1.GetBytes(c.Table);
            string? expected;
            string? actual;
            switch (c.Kind)
            {
                case "regexp" or "pcre":
                    {
                        if (c.Kind == "pcre")
                        {
                            RealPostfix.RequirePcre();
                        }

                        var path = oracle.WriteTable(bytes, c.Kind);
                        expected = (await oracle.QueryAsync(c.Kind + ":" + path, [c.Key])).Values[0];
                        var doc = PatternTableDocument.Parse(bytes, new PatternTableOptions { SourceName = path, Dialect = c.Kind == "pcre" ? PatternTableDialect.Pcre : PatternTableDialect.Regexp });
                        actual = PatternTableEvaluator.Lookup(doc.Rules, c.Key);
                        break;
                    }

                case "hash-stale":
                    {
                        var path = oracle.WriteTable(bytes, "txt");
                        Assert.Equal(0, (await Tool.RunAsync(RealPostfix.Postmap!, ["-c", Path.Combine(oracle.Directory1, "cfg"), "hash:" + path], [])).ExitCode);
                        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes(c.Changed!));
                        RealPostfix.Age(path);
                        expected = (await oracle.QueryAsync("hash:" + path, [c.Key])).Values[0];
                        actual = new LookupTableFactory().Open("hash:" + path).Lookup(c.Key);
                        break;
                    }

                case "postalias -f":
                    {
                        var path = oracle.WriteTable(bytes, "aliases");
                        var cfg = Path.Combine(oracle.Directory1, "cfg");
                        Assert.Equal(0, (await Tool.RunAsync(Tool.Find("postalias")!, ["-c", cfg, "hash:" + path], [])).ExitCode);
                        var real = await Tool.RunAsync(Tool.Find("postalias")!, ["-c", cfg, "-f", "-q", c.Key, "hash:" + path], []);
                        expected = real.ExitCode == 0 ? Encoding.UTF8.GetString(real.Stdout).TrimEnd('\n') : null;
                        actual = AliasSource.Parse(bytes, new AliasSourceOptions { SourceName = path, Utf8 = false }).ToTable(LookupTableOptions.Default with { FoldCase = false }).Lookup(c.Key);
                        break;
                    }

                default:
                    throw new InvalidOperationException("unknown deviation kind " + c.Kind);
            }

            Assert.True(!string.Equals(expected, actual, StringComparison.Ordinal), $"known deviation now agrees ({c.Kind}, {c.Reason}): remove it from KnownDeviations");
        }
    }
}
