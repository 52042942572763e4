using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Regexp;

namespace Postfix.Config.Tests.Tables.Regexp;

public sealed class PatternTableRoundTripTests
{
    private static readonly string[] Pieces =
    [
        "/", "!", "\\", "(", ")", "[", "]", "^", "$", "*", "+", "?", "{", "}", "|", ".", "a", "B", "1", " ", "\t", "\n",
        "\r\n", "#", "if", "IF", "endif", "$1", "${1}", "$(2)", "$$", "$x", "i", "x", "m", "[[:alpha:]]", "\0", "\xff",
        "\xc3\xa9", "OK", "REJECT text", "\\/", "[^]a]", "(?", "\\d", "{2,1}",
    ];

    private static Arbitrary<byte[]> TableLikeBytes() =>
        Gen.Elements(Pieces).ListOf().Select(parts => System.Text.Encoding.Latin1.GetBytes(string.Concat(parts))).ToArbitrary();

    [Property(MaxTest = 300)]
    public void Parse_ArbitraryBytes_WritesIdenticalBytes(byte[] bytes, bool pcre)
    {
        var doc = PatternTableDocument.Parse(bytes, new PatternTableOptions { SourceName = "t", Dialect = pcre ? PatternTableDialect.Pcre : PatternTableDialect.Regexp });
        Assert.Equal(bytes, doc.ToBytes());
        Assert.Equal(bytes.Length, doc.Entries.Sum(e => e.Group.End - e.Group.Start));
    }

    [Fact]
    public void Parse_TableLikeBytes_WritesIdenticalBytesAndLooksUpWithoutCrashing()
    {
        Prop.ForAll(TableLikeBytes(), ArbMap.Default.ArbFor<bool>(), (bytes, pcre) =>
        {
            var source = SourceText.FromBytes(bytes, "t");
            var doc = PatternTableDocument.Parse(source.ToArray(), new PatternTableOptions { SourceName = source.Name, Dialect = pcre ? PatternTableDialect.Pcre : PatternTableDialect.Regexp });
            Assert.Equal(bytes, doc.ToBytes());
            var offset = 0;
            foreach (var e in doc.Entries)
            {
                Assert.Equal(offset, e.Group.Start);
                offset = e.Group.End;
            }

            Assert.Equal(bytes.Length, offset);
            foreach (var key in new[] { "a", "B1", "/", string.Empty, "if x" })
            {
                try
                {
                    _ = PatternTableEvaluator.Lookup(doc.Rules, key);
                }
                catch (NotSupportedException)
                {
                    // A rule with a construct that is documented as untranslatable.
                }
            }
        }).QuickCheckThrowOnFailure();
    }
}
