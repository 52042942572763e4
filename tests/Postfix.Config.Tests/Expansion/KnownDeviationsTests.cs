using Postfix.Config.Catalog;
using Postfix.Config.Expansion;
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
