using System.Text;
using Postfix.Config.Catalog;
using Postfix.Config.Expansion;
using Postfix.Config.Tests.Catalog;

namespace Postfix.Config.Tests.Expansion;

/// <summary>
/// Generated values expanded by us and by the real <c>postconf -xh</c>: many parameters in one main.cf and one
/// postconf call. Test subjects t0…tN are made known to postconf through <c>smtpd_restriction_classes</c>.
/// </summary>
public sealed class ExpansionDifferentialTests
{
    private static readonly string[] Names = ["v0", "v1", "v2", "v3", "u0", "u1", "mydomain", "mail_name", "relayhost", "compatibility_level", "stress"];

    private static (Dictionary<string, string> Values, List<string> Subjects) Generate(int seed, int count, bool allowBroken)
    {
        var generator = new ExpressionGenerator(seed, Names);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mydomain"] = "example.com",
            ["compatibility_level"] = seed % 2 == 0 ? "3.6" : "2",
        };
        for (var i = 0; i < 4; i++)
        {
            values["v" + i] = Trim(generator.Value(depth: 2));
        }

        var subjects = new List<string>();
        for (var i = 0; i < count; i++)
        {
            subjects.Add("t" + i);
            values["t" + i] = Trim(generator.Value(allowBroken: allowBroken));
        }

        values["smtpd_restriction_classes"] = string.Join(' ', subjects);
        return (values, subjects);
    }

    /// <summary>main.cf trims a value's leading and trailing blanks, so the generated values are trimmed too.</summary>
    private static string Trim(string value) => value.Trim(' ', '\t', '\r', '\n', '\v', '\f');

    private static string MainCf(Dictionary<string, string> values) =>
        string.Concat(values.Select(kv => kv.Key + " = " + kv.Value + "\n"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Expand_GeneratedValues_MatchPostconfXh(int seed)
    {
        var (values, subjects) = Generate(seed, 60, allowBroken: false);
        var evaluator = new ParameterEvaluator(n => values.GetValueOrDefault(n));

        // postconf stops at the first error, so the batch holds only values we expand without errors; a value that
        // breaks for us must break for postconf too (checked one by one below, for a few of them).
        var good = subjects.Where(s => !evaluator.Expand(s).HasErrors).ToList();
        var bad = subjects.Except(good).ToList();
        foreach (var name in bad)
        {
            values[name] = "ok";
        }

        using (var postconf = new PostconfRunner(MainCf(values)))
        {
            var real = postconf.Run(["-xh", .. good]);
            Assert.True(real.ExitCode == 0, real.ToString() + "\n---\n" + MainCf(values));
            var ours = string.Concat(good.Select(s => PostconfFormatter.FormatLine(null, evaluator.Expand(s).Value)));
            var expected = PostconfRunner.Text(real.Stdout);
            if (expected != ours)
            {
                var realLines = expected.Split('\n');
                var ourLines = ours.Split('\n');
                var i = Enumerable.Range(0, Math.Min(realLines.Length, ourLines.Length)).First(k => realLines[k] != ourLines[k]);
                Assert.Fail($"{good[i]} = {values[good[i]]}\npostconf: {realLines[i]}\nours:     {ourLines[i]}\n---\n{MainCf(values)}");
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Expand_GeneratedBrokenValues_FailLikePostconf(int seed)
    {
        var (values, subjects) = Generate(seed, 30, allowBroken: true);
        var evaluator = new ParameterEvaluator(n => values.GetValueOrDefault(n));
        var checkedCount = 0;
        foreach (var subject in subjects)
        {
            var ours = evaluator.Expand(subject);
            if (!ours.HasErrors || checkedCount >= 8)
            {
                continue;
            }

            checkedCount++;
            using var postconf = new PostconfRunner(MainCf(values));
            var real = postconf.Run("-xh", subject);
            var stderr = PostconfRunner.Text(real.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToArray();
            Assert.True(real.ExitCode != 0, $"{subject} = {values[subject]}: postconf accepted it: {real}");
            Assert.Equal("fatal: macro processing error", stderr[^1]);

            // The expansion's own warnings come last, right before the fatal line (earlier ones are postconf's scan).
            var tail = stderr[^(ours.Diagnostics.Count + 1)..^1];
            Assert.Equal(ours.Diagnostics.Select(d => "warning: " + d.Message), tail);
        }
    }
}
