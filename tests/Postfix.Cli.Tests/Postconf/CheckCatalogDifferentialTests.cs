using System.Text;
using System.Text.RegularExpressions;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postconf;

/// <summary>
/// <c>postfix-net check</c> reports as unknown (PFC1530) exactly the main.cf names the real <c>postconf -n</c> calls
/// "unused parameter", on generated configurations where names are used through main.cf values, defaults, master.cf
/// <c>-o</c> values and <c>smtpd_restriction_classes</c>.
/// </summary>
public sealed partial class CheckCatalogDifferentialTests
{
    public static TheoryData<int> Seeds() => [11, 12, 13, 14, 15, 16, 17, 18];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Check_GeneratedConfiguration_ReportsPostconfsUnusedNames(int seed)
    {
        RealPostfix.Require("postconf");
        var g = PostconfConfigGenerator.Create(seed);
        using var dir = new PostconfGeneratedDifferentialTests.ConfigDir(g);
        var real = await Tool.RunAsync(RealPostfix.Postconf!, ["-c", dir.Real, "-n"]);
        var ours = await PostconfGeneratedDifferentialTests.RunOursAsync(["check", "-c", dir.Ours]);
        var unused = UnusedRegex().Matches(real.StderrText).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        var output = Encoding.UTF8.GetString(ours.Stdout);
        var unknown = UnknownRegex().Matches(output).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.True(unused.SequenceEqual(unknown), $"postconf: {string.Join(' ', unused)}\ncheck: {string.Join(' ', unknown)}\n{g.MainCf}\n{g.MasterCf}\n{output}");
        // Other checkers (tables named in main.cf) may report errors here; main.cf itself has none.
        Assert.DoesNotContain("error PFC1", output, StringComparison.Ordinal);
        Assert.Equal(g.MainCf.Contains("virtual_maps", StringComparison.Ordinal), output.Contains("warning PFC1531: virtual_maps: obsolete parameter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_Typo_SuggestsTheKnownName()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pfnet-chk-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "main.cf"), "mydomian = example.com\nmy_var = 1\nmyorigin = $my_var\nsmtpd_use_tls = yes\n");
            File.WriteAllText(Path.Combine(dir, "master.cf"), "smtp inet n - y - - smtpd\n");
            var ours = await PostconfGeneratedDifferentialTests.RunOursAsync(["check", "-c", dir]);
            Assert.Equal(
                $"{dir}/main.cf(1,1): warning PFC1530: mydomian: unknown parameter; did you mean \"mydomain\"?\n"
                + $"{dir}/main.cf(4,1): warning PFC1531: smtpd_use_tls: obsolete parameter (obsolete; smtpd_tls_security_level overrides it); use smtpd_tls_security_level instead\n",
                Encoding.UTF8.GetString(ours.Stdout));
            Assert.Equal(0, ours.ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"/main\.cf: unused parameter: ([^=]+)=")]
    private static partial Regex UnusedRegex();

    [GeneratedRegex(@"warning PFC1530: (\S+): unknown parameter")]
    private static partial Regex UnknownRegex();
}
