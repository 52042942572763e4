using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tests.Syntax;

public sealed class LogicalLineReaderTests
{
    private static IReadOnlyList<LineGroup> Read(string text) => LogicalLineReader.Read(SourceText.FromString(text, "main.cf"));

    [Theory]
    [InlineData("abc\n#def\n ghi", "abc ghi")]
    [InlineData("abc\n\n ghi", "abc ghi")]
    [InlineData("abc\n #def\n ghi", "abc ghi")]
    [InlineData("a = 1\n\tb\n", "a = 1\tb")]
    [InlineData("a = 1\r\n  cont\r\n", "a = 1\r  cont\r")]
    [InlineData("a = b \\\n c", "a = b \\ c")]
    public void Read_ReadlineTestTable_JoinsLikePostfix(string input, string joined)
    {
        var logical = Assert.Single(Read(input), g => g.Kind == LineGroupKind.Logical);
        Assert.Equal(joined, logical.Text);
    }

    [Fact]
    public void Read_TrailingCommentAfterLogicalLine_IsNotPartOfIt()
    {
        var groups = Read("a = 1\n  2\n# after\n\nb = 3\n");
        Assert.Equal(
            new[] { LineGroupKind.Logical, LineGroupKind.Comment, LineGroupKind.Blank, LineGroupKind.Logical },
            groups.Select(g => g.Kind));
        Assert.Equal((0, 1), (groups[0].FirstLine, groups[0].LastLine));
    }

    [Fact]
    public void Read_IndentedFirstLine_IsAnOrphanWithItsContinuations()
    {
        var groups = Read("  x = 1\n  more\nb = 2\n");
        Assert.Equal(LineGroupKind.Orphan, groups[0].Kind);
        Assert.Equal((0, 1), (groups[0].FirstLine, groups[0].LastLine));
        Assert.Equal(LineGroupKind.Logical, groups[1].Kind);
    }

    [Fact]
    public void LocationOf_OffsetInContinuationLine_MapsToThatLine()
    {
        var group = Read("a = 1\n# c\n  bad\n")[0];
        var offset = group.Text.IndexOf("bad", StringComparison.Ordinal);
        var location = group.LocationOf(offset);
        Assert.Equal(new SourceLocation("main.cf", 3, 3, 12), location);
    }

    [Fact]
    public void Property_GroupsCoverEveryLineOnceInOrder()
    {
        Prop.ForAll(ArbitraryConfigText(), text =>
        {
            var source = SourceText.FromBytes(Encoding.Latin1.GetBytes(text), "f");
            var groups = LogicalLineReader.Read(source);
            var next = 0;
            foreach (var g in groups)
            {
                if (g.FirstLine != next || g.LastLine < g.FirstLine)
                {
                    return false;
                }

                next = g.LastLine + 1;
            }

            return next == source.Lines.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Property_SourceTextRoundTripsArbitraryBytes()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            var source = SourceText.FromBytes(bytes, "f");
            var rebuilt = new List<byte>();
            foreach (var line in source.Lines)
            {
                rebuilt.AddRange(bytes.AsSpan(line.Start, line.Length).ToArray());
                if (line.HasLineFeed)
                {
                    rebuilt.Add((byte)'\n');
                }
            }

            return source.ToArray().SequenceEqual(bytes) && rebuilt.SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Property_LogicalTextIsConcatenationOfContentLines()
    {
        Prop.ForAll(ArbitraryConfigText(), text =>
        {
            var source = SourceText.FromBytes(Encoding.Latin1.GetBytes(text), "f");
            foreach (var g in LogicalLineReader.Read(source).Where(g => g.Kind == LineGroupKind.Logical))
            {
                var expected = string.Concat(Enumerable.Range(g.FirstLine, g.LastLine - g.FirstLine + 1)
                    .Where(i => !source.Lines[i].IsIgnorable)
                    .Select(i => text.Substring(source.Lines[i].Start, source.Lines[i].Length)));
                if (g.Text != expected || g.Text.Contains('\n', StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Text made of the pieces that matter to readllines(): names, blanks, '#', CR, LF.</summary>
    private static Arbitrary<string> ArbitraryConfigText() =>
        Gen.Elements("a", "b = c", " ", "\t", "#", "\n", "\r\n", "\r", "=", "x")
            .ListOf()
            .Select(parts => string.Concat(parts))
            .ToArbitrary();
}
