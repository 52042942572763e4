using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;
using Postfix.Config.Tables.Regexp;
using Postfix.Config.Tests.Tables.Aliases;

namespace Postfix.Config.Tests.Tables;

/// <summary>
/// Strings never lose a byte, for every table kind: parse then ToBytes is the identity, setting an entry to its own
/// value changes no byte, and a minimal edit to another value and back gives the same bytes again.
/// </summary>
public sealed class TableStringRoundTripTests
{
    private const string Other = "x-other";

    private static readonly string[] CidrFragments =
    [
        "10.0.0.0/8", "192.0.2.0/24", "!", "! ", "if ", "endif", "2001:db8::/32", " ", "\t", "\n", "\n", "\r\n", "\n ",
        "#x\n", "OK", "REJECT x", "caf\u00e9", "\0", "\v",
    ];

    private static readonly string[] PatternPieces =
    [
        "/", "!", "\\", "(", ")", "^", "$", "*", "a", "B", " ", "\t", "\n", "\n", "\r\n", "\n ", "#", "if", "endif", "$1", "$$",
        "i", "x", "\0", "\xff", "\xe9", "\xc3\xa9", "OK", "REJECT text", "/a/", "/(b)/i", "!/c/",
    ];

    private static readonly byte[] Raw = [0xff, 0xe9, 0xc3, 0x80];

    private static Gen<byte[]> WithRawBytes(Gen<byte[]> gen) =>
        Gen.Frequency((6, gen), (1, from a in gen from b in Gen.Elements(Raw).NonEmptyListOf() from c in gen select (byte[])[.. a, .. b, .. c]));

    [Property(MaxTest = 300)]
    public Property Postmap_SetOwnValueAndBack_SameBytes() =>
        Prop.ForAll(WithRawBytes(TableGen.TexthashBytes()).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (bytes, utf8) =>
        {
            var doc = PostmapSource.Parse(bytes, new PostmapSourceOptions { SourceName = "t", Utf8 = utf8, FoldCase = false });
            Assert.Equal(bytes, doc.ToBytes());
            foreach (var key in doc.Entries.Select(e => e.Key!).Distinct(StringComparer.Ordinal).ToList())
            {
                var value = doc.GetValue(key)!;
                Assert.Equal(bytes, doc.Set(key, value).ToBytes());
                var first = doc.Entries.First(e => e.Key == key);
                if (SinglePhysicalLine(first.ToBytes()))
                {
                    Assert.Equal(bytes, doc.Set(key, Other).Set(key, value).ToBytes());
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property Aliases_SetOwnValue_SameBytes() =>
        Prop.ForAll(WithRawBytes(Gen.OneOf(AliasGen.File(), AliasGen.Bytes())).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (bytes, utf8) =>
        {
            var doc = AliasSource.Parse(bytes, new AliasSourceOptions { Utf8 = utf8 });
            Assert.Equal(bytes, doc.ToBytes());
            foreach (var name in doc.Entries.Select(e => e.Name!).Distinct(StringComparer.Ordinal).ToList())
            {
                var value = doc.GetValue(name)!;
                Assert.Equal(bytes, doc.Set(name, value).ToBytes());
            }
        });

    [Property(MaxTest = 300)]
    public Property Cidr_SetOwnResultAndBack_SameBytes() =>
        Prop.ForAll(WithRawBytes(Gen.Elements(CidrFragments).ListOf().Select(l => Encoding.UTF8.GetBytes(string.Concat(l)))).ToArbitrary(), bytes =>
        {
            var doc = CidrSource.Parse(bytes);
            Assert.Equal(bytes, doc.ToBytes());
            foreach (var rule in doc.Items.Where(i => i.Kind == CidrSourceItemKind.Rule).GroupBy(i => i.RulePattern).Select(g => g.First()).ToList())
            {
                var result = doc.GetResult(rule.RulePattern!)!;
                Assert.Equal(rule.Result, result);
                Assert.Equal(bytes, doc.SetRule(rule.RulePattern!, result).ToBytes());
                if (SinglePhysicalLine(rule.ToBytes()))
                {
                    Assert.Equal(bytes, doc.SetRule(rule.RulePattern!, Other).SetRule(rule.RulePattern!, result).ToBytes());
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property PatternTables_SetOwnResultAndBack_SameBytes() =>
        Prop.ForAll(
            WithRawBytes(Gen.Elements(PatternPieces).ListOf().Select(parts => Encoding.Latin1.GetBytes(string.Concat(parts)))).ToArbitrary(),
            Gen.Elements(PatternTableDialect.Regexp, PatternTableDialect.Pcre).ToArbitrary(),
            (bytes, dialect) =>
            {
                var doc = PatternTableDocument.Parse(bytes, new PatternTableOptions { Dialect = dialect });
                Assert.Equal(bytes, doc.ToBytes());
                foreach (var rule in doc.Entries.Where(e => e.Kind == PatternTableEntryKind.Rule).GroupBy(e => e.RulePattern).Select(g => g.First()).ToList())
                {
                    var result = doc.GetResult(rule.RulePattern!)!;
                    Assert.Equal(rule.Result, result);
                    if (result.Length == 0)
                    {
                        continue;   // "no replacement text": there is no result to set
                    }

                    Assert.Equal(bytes, doc.SetRule(rule.RulePattern!, result).ToBytes());
                    if (SinglePhysicalLine(Encoding.Latin1.GetBytes(rule.RawText)) && rule.Diagnostics.Count == 0)
                    {
                        // Postfix reads "/a/!/b/!x" as the result "!x" with no space after the pattern; "x-other" glued
                        // there would read as flags, so the edit puts one space before it, and setting the old result
                        // back keeps that space (the rule reads the same).
                        var twice = doc.SetRule(rule.RulePattern!, Other).SetRule(rule.RulePattern!, result);
                        var glued = rule.RawText.StartsWith(rule.RulePattern + result, StringComparison.Ordinal);
                        var expected = glued
                            ? ReplaceFirst(doc.ToString(), rule.RawText, rule.RulePattern + " " + rule.RawText[rule.RulePattern!.Length..])
                            : doc.ToString();
                        Assert.Equal(expected, twice.ToString());
                        Assert.Equal(result, twice.GetResult(rule.RulePattern!));
                        if (!glued)
                        {
                            Assert.Equal(bytes, twice.ToBytes());
                        }
                    }
                }
            });

    [Fact]
    public void Postmap_Latin1Value_SetBackKeepsBytes()
    {
        byte[] bytes = [.. "key caf"u8, 0xE9, .. "\r\n"u8];
        var doc = PostmapSource.Parse(bytes);
        Assert.Equal("caf\uDCE9", doc.GetValue("key"));
        Assert.Equal(bytes, doc.Set("key", "new").Set("key", "caf\uDCE9").ToBytes());
        Assert.Equal("key new\r\n", Encoding.UTF8.GetString(doc.Set("key", "new").ToBytes()));
    }

    [Fact]
    public void Diagnostics_CarryByteSpanFromStartOfFile()
    {
        var postmap = PostmapSource.Parse("a 1\n\"b x\nA 2\n"u8, new PostmapSourceOptions { SourceName = "t" });
        var skipped = Assert.Single(postmap.Diagnostics);
        Assert.Equal(new Postfix.Config.Syntax.SourceLocation("t", 2, 1, 4, 5), skipped.Location);
        var duplicate = Assert.Single(postmap.ToTable().Diagnostics, d => d.Code == "PFC3005");
        Assert.Equal(new Postfix.Config.Syntax.SourceLocation("t", 3, 1, 9, 1), duplicate.Location);
        var aliases = AliasSource.Parse("root: a\nROOT: b\n"u8, new AliasSourceOptions { SourceName = "al" });
        var aliasDuplicate = Assert.Single(aliases.ToTable().Diagnostics);
        Assert.Equal(new Postfix.Config.Syntax.SourceLocation("al", 2, 1, 8, 8), aliasDuplicate.Location);
    }

    private static bool SinglePhysicalLine(byte[] item)
    {
        var lf = Array.IndexOf(item, (byte)'\n');
        return lf < 0 || lf == item.Length - 1;
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return text[..at] + replacement + text[(at + old.Length)..];
    }
}
