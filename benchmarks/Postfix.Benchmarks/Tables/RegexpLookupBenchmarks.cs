using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Postfix.Config.Tables.Regexp;

namespace Postfix.Benchmarks.Tables;

/// <summary>
/// regexp:/pcre: lookup throughput on a header_checks-style table of 200 rules (199 that never match the keys and one
/// read-receipt rule last), per key: a miss that runs every rule, a hit on the last rule, and a $n substitution rule
/// (POSIX leftmost-longest submatch search). Answers are verified in <see cref="Setup"/> before anything is timed.
/// </summary>
[MemoryDiagnoser]
[ThroughputColumn.Columns]
public class RegexpLookupBenchmarks
{
    private const string MissKey = "Subject: quarterly report for the sales department, please read";
    private const string HitKey = "Content-Type: multipart/report; report-type=disposition-notification";
    private const string SubstitutionKey = "From: Some Body <some.body@mail.example.com>";

    private PatternTable _regexp = null!;
    private PatternTable _pcre = null!;
    private PatternTable _substitution = null!;

    public static string BuildTable(int rules)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < rules - 1; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            sb.Append((i % 3) switch
            {
                0 => $"/^Subject:.*(viagra|lottery{n}|winner{n})/ REJECT spam {n}\n",
                1 => $"/^X-Mailer: (bulk|mass)mail{n}/ DISCARD\n",
                _ => $"/^Received: from [a-z0-9.-]*\\.spam{n}\\.example/ REJECT relay {n}\n",
            });
        }

        sb.Append("/^Content-type: Multipart\\/report/ DISCARD\n");
        return sb.ToString();
    }

    [GlobalSetup]
    public void Setup()
    {
        var text = BuildTable(200);
        _regexp = PatternTableDocument.Parse(text, new PatternTableOptions { SourceName = "header_checks" }).ToTable();
        _pcre = PatternTableDocument.Parse(text, new PatternTableOptions { SourceName = "header_checks", Dialect = PatternTableDialect.Pcre }).ToTable();
        _substitution = PatternTableDocument.Parse("/^From: (.*) <([^@>]*)@([^>]*)>$/ PREPEND X-Sender: $2 at $3\n", new PatternTableOptions { SourceName = "sub" }).ToTable();
        Check(_regexp.Lookup(MissKey) is null && _regexp.Lookup(HitKey) == "DISCARD", "regexp answers");
        Check(_pcre.Lookup(MissKey) is null && _pcre.Lookup(HitKey) == "DISCARD", "pcre answers");
        Check(_substitution.Lookup(SubstitutionKey) == "PREPEND X-Sender: some.body at mail.example.com", "substitution");
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException("wrong answer before timing: " + what);
        }
    }

    [Benchmark(Description = "regexp: 200 rules, miss")]
    public string? RegexpMiss() => _regexp.Lookup(MissKey);

    [Benchmark(Description = "regexp: 200 rules, hit on last")]
    public string? RegexpHitLast() => _regexp.Lookup(HitKey);

    [Benchmark(Description = "pcre: 200 rules, miss")]
    public string? PcreMiss() => _pcre.Lookup(MissKey);

    [Benchmark(Description = "regexp: one rule with $2 $3 (leftmost-longest)")]
    public string? RegexpSubstitution() => _substitution.Lookup(SubstitutionKey);

    [Benchmark(Description = "regexp: load 200-rule table")]
    public PatternTable Load() => PatternTableDocument.Parse(BuildTable(200), new PatternTableOptions { SourceName = "header_checks" }).ToTable();
}
