using BenchmarkDotNet.Attributes;
using Postfix.Config.Catalog;
using Postfix.Config.Expansion;

namespace Postfix.Benchmarks.Expansion;

/// <summary>
/// Expansion of every default of Postfix 3.7.11 (what <c>postconf -dx</c> computes): each of the 831 built-in
/// parameters expanded recursively against the defaults. Parses are cached after the first use, as in a long-lived
/// process; <see cref="FormatAllDefaultsExpanded"/> also formats the listing like postconf.
/// </summary>
[MemoryDiagnoser]
public class ExpansionBenchmarks
{
    private ParameterEvaluator evaluator = null!;
    private string[] names = [];
    private string[] defaults = [];

    /// <summary>Builds the evaluator and checks the answers before anything is timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        evaluator = ParameterEvaluator.ForDefaults();
        names = [.. evaluator.Catalog.Names];
        defaults = [.. names.Select(n => evaluator.GetRawValue(n)!)];
        foreach (var name in names)
        {
            var result = evaluator.Expand(name);
            if (result.HasErrors)
            {
                throw new InvalidOperationException($"default of {name} does not expand: {result.Diagnostics[0]}");
            }
        }

        var myorigin = evaluator.Expand("myorigin").Value;
        if (myorigin != evaluator.GetDefault("myhostname") || evaluator.Expand("smtputf8_enable").Value != "no")
        {
            throw new InvalidOperationException("wrong expansion result");
        }
    }

    /// <summary>Every default expanded through the evaluator (lookups in the catalog).</summary>
    [Benchmark(Baseline = true)]
    public int ExpandEveryDefault()
    {
        var total = 0;
        foreach (var name in names)
        {
            total += evaluator.Expand(name).Value.Length;
        }

        return total;
    }

    /// <summary>The same values through <see cref="MacroExpander"/> directly, with a dictionary lookup.</summary>
    [Benchmark]
    public int ExpandEveryDefaultWithMacroExpander()
    {
        var total = 0;
        for (var i = 0; i < defaults.Length; i++)
        {
            total += MacroExpander.Expand(defaults[i], evaluator.GetRawValue).Value.Length;
        }

        return total;
    }

    /// <summary>The whole <c>postconf -dx</c> listing as text.</summary>
    [Benchmark]
    public int FormatAllDefaultsExpanded() => evaluator.FormatAll(expand: true).Length;
}
