using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Regexp;
using Postfix.Testing;

using Postfix.Config.Tests.Tables;

namespace Postfix.Config.Tests.Tables.Regexp;

/// <summary>
/// Generated tables and keys, run through the real <c>postmap -q -</c> (all tables of a round at once through
/// <c>unionmap:{…}</c>) and through this library; stdout values and the load warnings must agree exactly, except for
/// the cases listed in <see cref="KnownDeviations"/>.
/// </summary>
public sealed class GeneratedDifferentialTests
{
    private static string Context(string warning)
    {
        var m = System.Text.RegularExpressions.Regex.Match(warning, @"map (\S+), line (\d+)");
        return m.Success && File.Exists(m.Groups[1].Value)
            ? File.ReadAllLines(m.Groups[1].Value, Encoding.Latin1)[int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]
            : string.Empty;
    }

    [Theory]
    [InlineData(false, 1001)]
    [InlineData(false, 1002)]
    [InlineData(false, 1003)]
    [InlineData(true, 2001)]
    [InlineData(true, 2002)]
    public async Task Lookup_GeneratedTables_SameAsPostmap(bool pcre, int seed)
    {
        if (pcre)
        {
            RealPostfix.RequirePcre();
        }
        else
        {
            RealPostfix.Require("postmap");
        }

        const int tableCount = 120;
        var type = pcre ? "pcre" : "regexp";
        var generator = new PatternCaseGenerator(seed, pcre);
        using var oracle = new PostmapOracle();
        var tables = new List<(string Path, byte[] Bytes)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < tableCount; t++)
        {
            var table = generator.Next(t);
            var bytes = Encoding.Latin1.GetBytes(table.Text);
            tables.Add((oracle.WriteTable(bytes, type), bytes));
            foreach (var k in table.Keys)
            {
                if (!k.Contains('\n', StringComparison.Ordinal) && !k.Contains(',', StringComparison.Ordinal))
                {
                    keys.Add(k);
                }
            }
        }

        var keyList = keys.ToList();
        var map = "unionmap:{" + string.Join(", ", tables.Select(t => type + ":" + t.Path)) + "}";
        var (expected, stderr) = await oracle.QueryAsync(map, keyList);

        var loaded = tables.Select(t =>
            PatternTableDocument.Parse(t.Bytes, new PatternTableOptions { SourceName = t.Path, Dialect = pcre ? PatternTableDialect.Pcre : PatternTableDialect.Regexp })).ToList();
        var expectedWarnings = stderr
            .Where(l => !l.Contains("empty string result is not allowed", StringComparison.Ordinal)
                && !l.Contains("should return NO RESULT", StringComparison.Ordinal))
            .Select(l => l.Replace("postmap: warning: ", string.Empty, StringComparison.Ordinal))
            .ToList();
        var actualWarnings = loaded.SelectMany(d => d.PostfixWarnings).ToList();

        var failures = new List<string>();
        for (var i = 0; i < keyList.Count; i++)
        {
            // Every result starts with its table's tag "T<n>R", so the union splits back into per-table answers.
            var expectedByTable = new Dictionary<int, string>();
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(expected[i] ?? string.Empty, @"(?:^|,)(T(\d+)R[^,]*)"))
            {
                expectedByTable[int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)] = m.Groups[1].Value;
            }

            for (var n = 0; n < loaded.Count; n++)
            {
                string? value;
                try
                {
                    value = PatternTableEvaluator.Lookup(loaded[n].Rules, keyList[i]);
                }
                catch (NotSupportedException e)
                {
                    value = "<unsupported: " + e.Message + ">";
                }

                var want = expectedByTable.GetValueOrDefault(n);
                if (!string.Equals(want, value, StringComparison.Ordinal))
                {
                    var table = Encoding.Latin1.GetString(loaded[n].ToBytes()).Replace("\n", "\\n", StringComparison.Ordinal);
                    if (!KnownDeviations.IsKnown(type, [table], keyList[i]))
                    {
                        failures.Add($"table {table} key \"{keyList[i]}\": postmap {want ?? "(none)"} ours {value ?? "(none)"}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} table/key pairs differ ({keyList.Count} keys x {loaded.Count} tables):\n" + string.Join("\n", failures.Take(25)));
        var firstDiff = Enumerable.Range(0, Math.Min(expectedWarnings.Count, actualWarnings.Count)).FirstOrDefault(i => expectedWarnings[i] != actualWarnings[i], -1);
        Assert.True(
            expectedWarnings.SequenceEqual(actualWarnings),
            firstDiff < 0 ? $"warning counts differ: {expectedWarnings.Count} vs {actualWarnings.Count}"
                : $"postmap: {expectedWarnings[firstDiff]}\nours:    {actualWarnings[firstDiff]}\ncontext: {Context(expectedWarnings[firstDiff])}");
    }
}
