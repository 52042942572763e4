using Postfix.Config.Catalog;

namespace Postfix.Config.Tests.Catalog;

/// <summary>Our listings and expansions against the real postconf 3.7.11 on this machine, byte for byte.</summary>
public sealed class PostconfDifferentialTests
{
    private static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "expansion", name), System.Text.Encoding.Latin1);

    private static IEnumerable<(string, string)> MasterServices(string masterCf) =>
        masterCf.Split('\n')
            .Where(l => l.Length > 0 && l[0] is not ('#' or ' ' or '\t'))
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 8)
            .Select(f => (f[0], f[7]));

    private static Dictionary<string, string> ParseMainCf(string text)
    {
        // Enough of main.cf for the corpus files: logical lines, name = value, last one wins.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (current is not null)
                {
                    values[current] = (values[current] + line).Trim();
                }

                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            current = line[..eq].Trim();
            values[current] = line[(eq + 1)..].Trim();
        }

        return values;
    }

    [Theory]
    [InlineData("", false, false)]
    [InlineData("", true, false)]
    [InlineData("", false, true)]
    [InlineData("master.cf.dist", false, false)]
    [InlineData("master.cf.dist", true, false)]
    [InlineData("master.cf.dist", false, true)]
    public void FormatAll_Defaults_MatchPostconfD(string masterCf, bool expand, bool namesOnly)
    {
        var master = masterCf.Length == 0 ? string.Empty : Data(masterCf);
        using var postconf = new PostconfRunner(string.Empty, master);
        var real = postconf.Run(namesOnly ? "-dH" : expand ? "-dx" : "-d");
        Assert.Equal(0, real.ExitCode);

        var catalog = ParameterCatalog.Postfix37.WithServices(MasterServices(master));
        var ours = ParameterEvaluator.ForDefaults(catalog).FormatAll(expand, namesOnly);
        Assert.Equal(PostconfRunner.MaskProcessId(PostconfRunner.Text(real.Stdout)), PostconfRunner.MaskProcessId(ours));
    }

    [Theory]
    [InlineData("main.cf.dist")]
    [InlineData("main.cf.debian")]
    [InlineData("main.cf.tls")]
    public void Expand_CorpusMainCf_MatchesPostconfX(string file)
    {
        var text = Data(file);
        using var postconf = new PostconfRunner(text, Data("master.cf.dist"));
        var catalog = ParameterCatalog.Postfix37.WithServices(MasterServices(Data("master.cf.dist")));
        var real = postconf.Run("-x");
        Assert.Equal(0, real.ExitCode);

        var values = ParseMainCf(text);
        var evaluator = new ParameterEvaluator(
            n => values.GetValueOrDefault(n),
            new ParameterEvaluatorOptions { Catalog = catalog, ConfigDirectory = postconf.Directory });
        var ours = string.Concat(catalog.Names.Select(n => PostconfFormatter.FormatLine(n, evaluator.Expand(n).Value)));
        Assert.Equal(PostconfRunner.MaskProcessId(PostconfRunner.Text(real.Stdout)), PostconfRunner.MaskProcessId(ours));
    }

    [Fact]
    public void GetDefault_HostDependent_MatchesPostconfWithMainCf()
    {
        const string mainCf = "mydomain = ex.org\ninet_protocols = ipv4\n";
        using var postconf = new PostconfRunner(mainCf);
        var real = postconf.Run("-h", "myhostname", "mydomain", "mynetworks");
        var evaluator = new ParameterEvaluator(n => n switch { "mydomain" => "ex.org", "inet_protocols" => "ipv4", _ => null });
        var ours = string.Concat(new[] { "myhostname", "mydomain", "mynetworks" }.Select(n => PostconfFormatter.FormatLine(null, evaluator.GetRawValue(n)!)));
        Assert.Equal(PostconfRunner.Text(real.Stdout), ours);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("class")]
    [InlineData("subnet")]
    public void GetDefault_MynetworksStyle_MatchesPostconf(string style)
    {
        using var postconf = new PostconfRunner($"mynetworks_style = {style}\n");
        var real = postconf.Run("-h", "mynetworks");
        var evaluator = new ParameterEvaluator(n => n == "mynetworks_style" ? style : null);
        Assert.Equal(PostconfRunner.Text(real.Stdout), PostconfFormatter.FormatLine(null, evaluator.GetRawValue("mynetworks")!));
    }
}
