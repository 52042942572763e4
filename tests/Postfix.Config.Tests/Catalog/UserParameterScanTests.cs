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

public sealed class LegacyDbmsParameterTests
{
    private static readonly string[] Types = ["ldap", "mysql", "pgsql", "sqlite", "memcache", "hash", "texthash", "regexp"];

    private static readonly string[] SomeSuffixes =
    [
        "server_host", "search_base", "query_filter", "timeout", "domain", "hosts", "dbname", "user", "password",
        "query", "dbpath", "memcache", "key_format", "tls_CAfile", "tls_key_file", "select_function", "bind_pw",
        "expansion_limit", "result_format", "nosuch_suffix", "version", "ttl",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Run_GeneratedDatabaseReferences_ListsAndWarnsLikePostconf(int seed)
    {
        var rng = new Random(seed);
        var names = Enumerable.Range(0, 8).Select(i => "t" + seed + "x" + i).ToArray();
        string Ref()
        {
            var name = names[rng.Next(names.Length)];
            var type = Types[rng.Next(Types.Length)];
            return rng.Next(9) switch
            {
                0 => "proxy:" + type + ":" + name,
                1 => "unionmap:{" + type + ":" + name + ", proxy:" + Types[rng.Next(Types.Length)] + ":" + names[rng.Next(names.Length)] + "}",
                2 => "{" + type + ":" + name + "}",
                3 => "pipemap:{inline:{a=b}, " + type + ":" + name + "}",
                4 => type + ":/nonexistent/" + name,
                5 => type + ":./" + name,
                6 => "$" + "ref" + seed,
                _ => type + ":" + name,
            };
        }

        var main = new List<KeyValuePair<string, string>>
        {
            new("ref" + seed, Ref()),
            new("alias_maps", Ref() + ", " + Ref()),
            new("virtual_alias_maps", Ref() + " " + Ref()),
            new("smtpd_sender_restrictions", "check_sender_access " + Ref() + ", permit"),
            new("user_defined_list" + seed, Ref()),
            new("relay_domains", "$user_defined_list" + seed + " " + Ref()),
            new("unused_list" + seed, Ref() + " " + Ref()),
        };
        for (var i = 0; i < 40; i++)
        {
            var name = names[rng.Next(names.Length)] + "_" + SomeSuffixes[rng.Next(SomeSuffixes.Length)];
            if (main.All(kv => kv.Key != name))
            {
                main.Add(new(name, "v" + i));
            }
        }

        var transportMaps = Ref();
        var masterCf = "smtp unix - - n - - smtp\n  -o transport_maps=" + transportMaps + "\n";
        var text = string.Concat(main.Select(kv => kv.Key + " = " + kv.Value + "\n"));
        using var postconf = new PostconfRunner(text, masterCf);
        var real = postconf.Run("-n");
        var listed = PostconfRunner.Text(real.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]);
        var realUnused = PostconfRunner.Text(real.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains("main.cf: unused parameter: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("unused parameter: ", StringComparison.Ordinal) + 18)..].Split('=')[0])
            .Order(StringComparer.Ordinal);

        Postfix.Config.MasterCf.MasterCfServiceScope[] services = [new("smtp", "unix", "smtp", new Dictionary<string, string> { ["transport_maps"] = transportMaps })];
        var scan = UserParameterScan.RunWithServices(main, services, ParameterCatalog.Postfix37, "main.cf", "master.cf");
        var expected = main.Select(kv => kv.Key)
            .Where(n => scan.IsKnown(ParameterCatalog.Postfix37, n))
            .Append("config_directory")
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed);
        Assert.Equal(realUnused, scan.Unused.Order(StringComparer.Ordinal));
    }
}
