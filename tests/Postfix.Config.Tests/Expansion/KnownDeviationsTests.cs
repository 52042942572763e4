using Postfix.Config.Catalog;
using Postfix.Config.Expansion;
using Postfix.Config.MainCf;
using Postfix.Config.Tests.Catalog;

namespace Postfix.Config.Tests.Expansion;

/// <summary>
/// The known deviations of docs/expansion.md, each pinned against the real postconf: when Postfix starts to agree
/// with us (or we with it), the test fails and the list must be updated.
/// </summary>
public sealed class KnownDeviationsTests
{
    [Fact]
    public void SelfComparison_PostconfCrashes_WeReportNesting()
    {
        const string value = "${{$smtpd_banner}=={x}}";
        using var postconf = new PostconfRunner($"smtpd_banner = {value}\n");
        var real = postconf.Run("-xh", "smtpd_banner");

        // Postfix recurses without limit through relational operands and dies of a signal (exit 128 + SIGSEGV).
        Assert.True(real.ExitCode > 128, $"postconf no longer crashes: {real}");

        var ours = new ParameterEvaluator(n => n == "smtpd_banner" ? value : null).Expand("smtpd_banner");
        Assert.Equal(ExpansionDiagnosticCodes.NestingTooDeep, ours.Diagnostics[0].Code);
    }

    /// <summary>
    /// The expand fuzz target's hang (CI, 2026-12-08; fuzz/regressions/expand): values that reach each other several
    /// times through relational operands branch at every level. postconf -nx crashes on the file (SIGSEGV); ours ran
    /// for minutes until memory ran out, and now stops with the nesting error after a bounded number of macro calls.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task BranchingSelfReference_PostconfCrashes_WeReportNestingQuickly()
    {
        var bytes = "a = ${b?{x}:{y}ty_leve}\nd = ${{$c$mp<=ibility_level} <level {3.6 = $$ $(d)} ? {old} : {new}}\ne = }\n"u8.ToArray()
            .Concat("b = $c\nc = $$ $(d) ${fEdex\0\0\0\u007f}\nf = $$$uuuuuuuuuuuuq} :6 = $$ $(d)} ? {old} : {n {ne}}\n"u8.ToArray()).ToArray();
        using var postconf = new PostconfRunner(System.Text.Encoding.Latin1.GetString(bytes));
        var real = postconf.Run("-nx");
        Assert.True(real.ExitCode > 128, $"postconf no longer crashes: {real}");

        var doc = MainCfDocument.Parse(bytes);
        var ours = await Task.Run(
            () => PostconfMain.Show(doc, null, new PostconfMainShowOptions { NonDefault = true, Expand = true }),
            TestContext.Current.CancellationToken);
        Assert.True(ours.HasErrors);
        Assert.Contains(ours.Diagnostics, x => x.Message.StartsWith("unreasonable macro call nesting", StringComparison.Ordinal));
    }

    /// <summary>
    /// Forty values each using the next twice: 2^40 macro calls and as many bytes. Postfix would run until it runs out
    /// of memory (not run here); ours stops with the nesting error (the call budget), and so does a wide literal bomb
    /// (the append budget).
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task ExponentialExpansion_StopsWithNestingError()
    {
        var values = Enumerable.Range(0, 40).ToDictionary(i => $"a{i}", i => $"$a{i + 1} $a{i + 1}");
        values["a40"] = "x";
        var chain = await Task.Run(() => MacroExpander.Expand("$a0", n => values.GetValueOrDefault(n)), TestContext.Current.CancellationToken);
        Assert.Contains(chain.Diagnostics, x => x.Code == ExpansionDiagnosticCodes.NestingTooDeep);
        Assert.True(chain.Value.Length < 8 * 1024 * 1024, $"{chain.Value.Length} bytes");

        var wide = Enumerable.Range(0, 12).ToDictionary(i => $"w{i}", i => string.Concat(Enumerable.Repeat($"$w{i + 1}", 8)));
        wide["w12"] = new string('y', 4096);
        var bomb = await Task.Run(() => MacroExpander.Expand("$w0", n => wide.GetValueOrDefault(n)), TestContext.Current.CancellationToken);
        Assert.Contains(bomb.Diagnostics, x => x.Code == ExpansionDiagnosticCodes.NestingTooDeep);
        Assert.True(bomb.Value.Length < 8 * 1024 * 1024, $"{bomb.Value.Length} bytes");

        // A value well inside both budgets is untouched: 2^10 calls, 2^10 copies.
        var small = Enumerable.Range(0, 10).ToDictionary(i => $"s{i}", i => $"$s{i + 1}$s{i + 1}");
        small["s10"] = "z";
        var fine = MacroExpander.Expand("$s0", n => small.GetValueOrDefault(n));
        Assert.Empty(fine.Diagnostics);
        Assert.Equal(new string('z', 1024), fine.Value);
    }

    [Fact]
    public void InetInterfacesHostName_PostconfResolves_WeDoNot()
    {
        using var postconf = new PostconfRunner("inet_interfaces = localhost\n");
        var real = PostconfRunner.Text(postconf.Run("-h", "mynetworks").Stdout);
        var ours = PostconfFormatter.FormatLine(null, new ParameterEvaluator(n => n == "inet_interfaces" ? "localhost" : null).GetRawValue("mynetworks")!);
        Assert.NotEqual(real, ours);
        Assert.Equal("\n", ours);
    }
}
