using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Postfix.Config.Expansion;
using Postfix.Config.MainCf;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Regexp;

namespace Postfix.Config.Tests.Hostile;

/// <summary>
/// Limits like Postfix's: deep <c>${…}</c> nesting and recursion through parameters end with Postfix's own
/// diagnostic (mac_expand.c: "unreasonable macro call nesting", limit 100) instead of a stack overflow; huge lines and
/// huge tables are read without failing; catastrophic patterns stop at the table's time limit and the lookup says so.
/// A stack overflow cannot be caught: it kills the test host, which fails the run.
/// </summary>
public sealed class LimitsTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void Expand_DeepSyntacticNesting_DiagnosticNotStackOverflow(int depth)
    {
        var value = string.Concat(Enumerable.Repeat("${a?", depth)) + "x" + new string('}', depth);
        var result = MacroExpander.Expand(value, _ => "1");
        Assert.Contains(result.Diagnostics, d => d.Code == ExpansionDiagnosticCodes.NestingTooDeep && d.Message.StartsWith("unreasonable macro call nesting", StringComparison.Ordinal));

        var scan = MacroExpander.Scan(value);
        Assert.NotNull(scan);
    }

    [Fact]
    public void Expand_DeepNesting_MemoryGrowsNoFasterThanTheInput()
    {
        static long Allocated(int depth)
        {
            var value = string.Concat(Enumerable.Repeat("${a?{", depth)) + "x" + string.Concat(Enumerable.Repeat("}}", depth));
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ = MacroExpander.Expand(value, _ => "1");
            _ = MacroExpander.Scan(value);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        _ = Allocated(100); // warm up
        var small = Allocated(2_000);
        var large = Allocated(40_000);

        // 20 times the depth may cost about 20 times the memory (the input is 20 times longer), not 400 times.
        Assert.True(large < small * 60, $"depth 2000: {small} bytes, depth 40000: {large} bytes");
    }

    [Fact]
    public void Expand_RecursionThroughParameters_PostfixsNestingDiagnostic()
    {
        var values = new Dictionary<string, string> { ["a"] = "$b", ["b"] = "${c}", ["c"] = "x $a" };
        var result = MacroExpander.Expand("$a", n => values.GetValueOrDefault(n));
        var d = Assert.Single(result.Diagnostics, d => d.Code == ExpansionDiagnosticCodes.NestingTooDeep);
        Assert.StartsWith("unreasonable macro call nesting: \"", d.Message, StringComparison.Ordinal);

        // The same through postconf -nx on a main.cf: a diagnostic, no exception, no hang.
        var main = MainCfDocument.Parse(Encoding.ASCII.GetBytes("a = $b\nb = ${c}\nc = x $a\nmyhostname = $myhostname.x\n"));
        var shown = PostconfMain.Show(main, null, new PostconfMainShowOptions { NonDefault = true, Expand = true });
        Assert.NotNull(shown);
    }

    [Fact]
    public void MainCf_100MegabyteLineWithoutNewline_ParsesWholeAndRoundTrips()
    {
        var bytes = new byte[100 * 1024 * 1024];
        Array.Fill(bytes, (byte)'x');
        "name = "u8.CopyTo(bytes);
        var doc = MainCfDocument.Parse(bytes);
        Assert.Equal(bytes.Length, doc.ToBytes().Length);
        Assert.Equal(bytes.Length - 7, doc.Find("name")!.Value.Length);
    }

    [Fact]
    public void PostmapSource_100MegabyteLineWithoutNewline_OneEntry()
    {
        var bytes = new byte[100 * 1024 * 1024];
        Array.Fill(bytes, (byte)'v');
        "key "u8.CopyTo(bytes);
        var table = PostmapSource.Parse(bytes).ToTable();
        Assert.Equal(bytes.Length - 4, table.Lookup("key")!.Length);
    }

    [Fact]
    public void PostmapSource_MillionEntries_BuildsAndAnswers()
    {
        var text = new StringBuilder(24 * 1_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            text.Append("key").Append(i).Append(" value").Append(i).Append('\n');
        }

        var started = Stopwatch.StartNew();
        var table = PostmapSource.Parse(Encoding.ASCII.GetBytes(text.ToString())).ToTable();
        Assert.Equal("value0", table.Lookup("key0"));
        Assert.Equal("value999999", table.Lookup("key999999"));
        Assert.Null(table.Lookup("key1000000"));
        TestContext.Current.SendDiagnosticMessage($"1M-entry texthash source parsed and indexed in {started.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(PatternTableDialect.Pcre)]
    [InlineData(PatternTableDialect.Regexp)]
    public void PatternTable_CatastrophicBacktracking_StopsAtTheTimeLimitAndSaysSo(PatternTableDialect dialect)
    {
        var options = new PatternTableOptions { MatchTimeout = TimeSpan.FromMilliseconds(300) };
        const string Source = "/^(a+)+$/ slow\n/^(a|aa)+b$/ slower\n";
        var table = PatternTableDocument.Parse(Encoding.ASCII.GetBytes(Source), options with { Dialect = dialect }).ToTable();
        var key = new string('a', 40) + "!";
        var started = Stopwatch.StartNew();
        string? answer = null;
        Exception? reported = null;
        try
        {
            answer = table.Lookup(key);
        }
        catch (RegexMatchTimeoutException e)
        {
            reported = e;
        }

        started.Stop();

        // Either the engine does not backtrack catastrophically (a quick "not found"), or the lookup stops at the
        // limit with the documented exception; never minutes of CPU.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"lookup took {started.Elapsed}");
        if (reported is null)
        {
            Assert.Null(answer);
        }
        else
        {
            Assert.Equal(options.MatchTimeout, ((RegexMatchTimeoutException)reported).MatchTimeout);
        }
    }
}
