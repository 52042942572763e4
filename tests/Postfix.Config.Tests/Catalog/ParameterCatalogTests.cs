using Postfix.Config.Catalog;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tests.Catalog;

public sealed class ParameterCatalogTests
{
    private static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "expansion", name));

    private static IEnumerable<(string, string)> MasterServices(string masterCf) =>
        masterCf.Split('\n')
            .Where(l => l.Length > 0 && l[0] is not ('#' or ' ' or '\t'))
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 8)
            .Select(f => (f[0], f[7]));

    [Fact]
    public void Get_Myorigin_HasDefault()
    {
        var evaluator = new ParameterEvaluator(_ => null);
        Assert.Equal("$myhostname", evaluator.GetRawValue("myorigin"));
        Assert.Equal("3.7.11", ParameterCatalog.Postfix37.PostfixVersion);
    }

    [Fact]
    public void Defaults_WithDefaultMasterCf_MatchCorpusExceptHostLines()
    {
        // The corpus was captured on another host: every line but the host-dependent ones must agree.
        var catalog = ParameterCatalog.Postfix37.WithServices(MasterServices(Data("master.cf.dist")));
        var host = new PostfixHost("corpus", [], 1);
        var ours = ParameterEvaluator.ForDefaults(catalog, host).FormatAll().Split('\n');
        var corpus = Data("postconf-d.txt").Split('\n');
        Assert.Equal(corpus.Length, ours.Length);
        var hostDependent = catalog.Names.Where(n => catalog.Find(n)!.IsHostDependent).ToHashSet();
        for (var i = 0; i < ours.Length; i++)
        {
            var name = corpus[i].Split(' ')[0];
            if (!hostDependent.Contains(name))
            {
                Assert.Equal(corpus[i], ours[i]);
            }
        }
    }

    [Fact]
    public void DefaultNames_WithDefaultMasterCf_MatchCorpusDH()
    {
        var catalog = ParameterCatalog.Postfix37.WithServices(MasterServices(Data("master.cf.dist")));
        Assert.Equal(Data("postconf-dH.txt"), ParameterEvaluator.ForDefaults(catalog).FormatAll(namesOnly: true));
    }

    [Theory]
    [InlineData("myhostnme", "myhostname")]
    [InlineData("smtpd_tls_cert_fle", "smtpd_tls_cert_file")]
    [InlineData("relay_host", "relayhost")]
    public void CheckName_Misspelt_SuggestsNearest(string name, string suggestion)
    {
        var diagnostic = Assert.Single(ParameterCatalog.Postfix37.CheckName(name, new SourceLocation("main.cf", 3, 1)));
        Assert.Equal("PFC1530", diagnostic.Code);
        Assert.Equal($"{name}: unknown parameter; did you mean \"{suggestion}\"?", diagnostic.Message);
    }

    [Fact]
    public void CheckName_Unrelated_NoSuggestion()
    {
        var diagnostic = Assert.Single(ParameterCatalog.Postfix37.CheckName("completely_made_up_thing", new SourceLocation("main.cf", 1, 1)));
        Assert.Equal("completely_made_up_thing: unknown parameter", diagnostic.Message);
    }

    [Theory]
    [InlineData("virtual_maps", "virtual_alias_maps")]
    [InlineData("smtpd_use_tls", "smtpd_tls_security_level")]
    [InlineData("disable_dns_lookups", "smtp_dns_support_level")]
    public void CheckName_Obsolete_FlaggedWithReplacement(string name, string replacement)
    {
        var diagnostic = Assert.Single(ParameterCatalog.Postfix37.CheckName(name, new SourceLocation("main.cf", 1, 1)));
        Assert.Equal("PFC1531", diagnostic.Code);
        Assert.EndsWith($"use {replacement} instead", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckName_Current_NoDiagnostics()
    {
        Assert.Empty(ParameterCatalog.Postfix37.CheckName("myorigin", new SourceLocation("main.cf", 1, 1)));
    }

    [Fact]
    public void Flags_KnownRawAndReadOnly_Set()
    {
        var catalog = ParameterCatalog.Postfix37;
        Assert.True(catalog.Find("mailbox_command")!.IsRaw);
        Assert.True(catalog.Find("smtpd_reject_footer")!.IsRaw);
        Assert.False(catalog.Find("smtpd_banner")!.IsRaw);
        Assert.True(catalog.Find("process_id")!.IsReadOnly);
        Assert.True(catalog.Find("myhostname")!.IsHostDependent);
    }

    [Fact]
    public void Expand_RawParameter_NotExpanded()
    {
        var values = new Dictionary<string, string> { ["mailbox_command"] = "/bin/x $mydomain" };
        var evaluator = new ParameterEvaluator(n => values.GetValueOrDefault(n));
        Assert.Equal("/bin/x $mydomain", evaluator.Expand("mailbox_command").Value);
    }

    [Fact]
    public void Defaults_HostDependent_ComputedFromHost()
    {
        var host = new PostfixHost("box", [new(System.Net.IPAddress.Parse("10.1.2.3"), 16), new(System.Net.IPAddress.Parse("fd00::7"), 64)], 42);
        var evaluator = ParameterEvaluator.ForDefaults(host: host);
        Assert.Equal("box.localdomain", evaluator.GetDefault("myhostname"));
        Assert.Equal("localdomain", evaluator.GetDefault("mydomain"));
        Assert.Equal("10.1.0.0/16 [fd00::]/64", evaluator.GetDefault("mynetworks"));
        Assert.Equal("42", evaluator.GetDefault("process_id"));
    }
}
