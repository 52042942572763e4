using Postfix.Config.Catalog;

namespace Postfix.Config.Tests.Catalog;

public sealed class UserParameterScanTests
{
    private static readonly KeyValuePair<string, string>[] MainCf =
    [
        new("myhostname", "mail.$my_domain_part"),
        new("my_domain_part", "example.com"),
        new("lonely", "nobody uses me ${a-b}"),
        new("smtpd_restriction_classes", "$class_list, other_class"),
        new("class_list", "permissive"),
        new("permissive", "permit"),
        new("other_class", "reject"),
        new("smtpd_banner", "$nosuch_name x"),
        new("mailbox_command", "/bin/x $raw_is_not_scanned"),
        new("process_id", "12"),
        new("virtual_alias_maps", "$virtual_maps"),
    ];

    [Fact]
    public void Run_MixedMainCf_ClassifiesNames()
    {
        var scan = UserParameterScan.Run(MainCf, mainCfPath: "/x/main.cf");
        Assert.Equal(["class_list", "my_domain_part", "other_class", "permissive"], scan.UserDefined.Order(StringComparer.Ordinal));
        Assert.Equal(["lonely"], scan.Unused);
        Assert.True(scan.IsKnown(ParameterCatalog.Postfix37, "my_domain_part"));
        Assert.False(scan.IsKnown(ParameterCatalog.Postfix37, "lonely"));
    }

    [Fact]
    public void Run_MixedMainCf_WarningsMatchPostconf()
    {
        var text = string.Concat(MainCf.Select(kv => kv.Key + " = " + kv.Value + "\n"));
        using var postconf = new PostconfRunner(text, "");
        var real = postconf.Run("-n");
        var mainCf = Path.Combine(postconf.Directory, "main.cf");
        var realWarnings = PostconfRunner.Text(real.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l[(l.IndexOf(": warning: ", StringComparison.Ordinal) + 11)..])
            .Order(StringComparer.Ordinal);
        var ours = UserParameterScan.Run(MainCf, mainCfPath: mainCf).Diagnostics.Select(d => d.Message).Order(StringComparer.Ordinal);
        Assert.Equal(realWarnings, ours);

        // What -n lists: built-in names plus the user-defined ones, never the unused ones.
        var scan = UserParameterScan.Run(MainCf, mainCfPath: mainCf);
        var listed = PostconfRunner.Text(real.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]);
        var expected = MainCf.Select(kv => kv.Key)
            .Where(n => scan.IsKnown(ParameterCatalog.Postfix37, n))
            .Where(n => ParameterCatalog.Postfix37.Find(n) is not { IsReadOnly: true })
            .Append("config_directory")
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed);
    }

    [Fact]
    public void Run_ErrorInBuiltInValue_IsFatalLikePostconf()
    {
        KeyValuePair<string, string>[] mainCf = [new("relayhost", "${a-b}")];
        using var postconf = new PostconfRunner("relayhost = ${a-b}\n", "");
        var real = postconf.Run("-n");
        Assert.NotEqual(0, real.ExitCode);
        var scan = UserParameterScan.Run(mainCf);
        Assert.Contains(scan.Diagnostics, d => d.Severity == Postfix.Config.Syntax.DiagnosticSeverity.Error);
        var realWarnings = PostconfRunner.Text(real.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(": warning: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(": warning: ", StringComparison.Ordinal) + 11)..]);
        Assert.Equal(realWarnings, scan.Diagnostics.Select(d => d.Message));
    }
}
