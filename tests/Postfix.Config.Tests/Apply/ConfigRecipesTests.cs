using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Config.Apply;
using Postfix.Config.Tables.Regexp;
using Postfix.Testing;

namespace Postfix.Config.Tests.Apply;

public sealed class ConfigRecipesTests
{
    public static TheoryData<string, string?, string?> Headers => new()
    {
        { "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"b1\"", "DISCARD", "DISCARD" },
        { "Content-Type: multipart/report; report-type=\"disposition-notification\";\n\tboundary=\"b1\"", "DISCARD", "DISCARD" },
        { "Content-Type: multipart/report;\n\treport-type=disposition-notification", "DISCARD", "DISCARD" },
        { "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b2\"", "DISCARD", null },
        { "Content-Type: text/plain; charset=us-ascii", null, null },
        { "X-Note: Content-Type: multipart/report; report-type=disposition-notification", null, null },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task ReadReceiptRules_RealPostmapQuery_MatchesWhatTheRecipeClaims(string header, string? howTo, string? mdnOnly)
    {
        RealPostfix.Require("postmap");
        var dir = Directory.CreateTempSubdirectory("pfnet-hc");
        try
        {
            await File.WriteAllTextAsync(dir.FullName + "/main.cf", "", TestContext.Current.CancellationToken);
            foreach (var (rule, expected) in new[] { (ConfigRecipes.ReadReceiptRule, howTo), (ConfigRecipes.MdnOnlyRule, mdnOnly) })
            {
                var file = dir.FullName + "/hc";
                await File.WriteAllTextAsync(file, rule + "\n", TestContext.Current.CancellationToken);
                RealPostfix.Age(file);
                RealPostfix.Age(dir.FullName + "/main.cf");
                var real = await Tool.RunAsync("postmap", ["-c", dir.FullName, "-q", header, "regexp:" + file]);
                Assert.Equal(expected is null ? 1 : 0, real.ExitCode);
                Assert.Equal(expected is null ? string.Empty : expected + "\n", real.StdoutText);
                Assert.Equal(expected, PatternTableDocument.Parse(rule + "\n", new PatternTableOptions { SourceName = file }).ToTable().Lookup(header));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Recipes_AppliedTwice_SecondStagesNoChange()
    {
        var (fs, runner, unix) = ChangeSetTests.Setup();
        var first = ChangeSet.Open("/etc/postfix", ChangeSetTests.Options(fs, runner, unix));
        ApplyAll(first);
        foreach (var change in first.Changes)
        {
            if (change.After is { } after)
            {
                fs.File.WriteAllBytes(change.Path, after.ToArray());
            }
        }

        var second = ChangeSet.Open("/etc/postfix", ChangeSetTests.Options(fs, runner, unix));
        ApplyAll(second);

        Assert.Equal(string.Empty, second.ToUnifiedDiff());
    }

    [Fact]
    public void BlockSender_NoRestrictions_AddsCheckSenderAccessFirstAndAnAccessTable()
    {
        var (fs, runner, unix) = ChangeSetTests.Setup();
        fs.File.WriteAllText("/etc/postfix/main.cf", "smtpd_sender_restrictions =\n    permit_mynetworks,\n    reject_unknown_sender_domain\n");
        var set = ChangeSet.Open("/etc/postfix", ChangeSetTests.Options(fs, runner, unix));

        ConfigRecipes.BlockSender(set, "hacked@lists.example.org", "compromised");

        Assert.Equal(
            "smtpd_sender_restrictions =\n    check_sender_access hash:/etc/postfix/sender_access,\n    permit_mynetworks,\n    reject_unknown_sender_domain\n",
            Encoding.UTF8.GetString(set.Read("/etc/postfix/main.cf")!.Value.Span));
        Assert.Equal("hacked@lists.example.org REJECT compromised\n", Encoding.UTF8.GetString(set.Read("/etc/postfix/sender_access")!.Value.Span));
        Assert.Equal(["postmap hash:/etc/postfix/sender_access"], set.PlannedTableBuilds().Select(b => b.ToString()));
    }

    [Fact]
    public void Ipv6_ExplicitMynetworks_KeepsItsLayout()
    {
        var (fs, runner, unix) = ChangeSetTests.Setup();
        fs.File.WriteAllText("/etc/postfix/main.cf", "inet_protocols = ipv4\nmynetworks = 127.0.0.0/8\n    192.168.0.0/16\n");
        var set = ChangeSet.Open("/etc/postfix", ChangeSetTests.Options(fs, runner, unix));

        ConfigRecipes.Ipv6(set);

        Assert.Equal("inet_protocols = all\nmynetworks = 127.0.0.0/8\n    192.168.0.0/16\n    [::1]/128\n", Encoding.UTF8.GetString(set.Read("/etc/postfix/main.cf")!.Value.Span));
    }

    private static void ApplyAll(ChangeSet set)
    {
        ConfigRecipes.ForwardSecrecy(set, "/etc/postfix/dh2048.pem", "-----BEGIN DH PARAMETERS-----\n"u8.ToArray());
        ConfigRecipes.ForceAddressFamily(set, "example.com", Postfix.Config.MasterCf.InetProtocolFamily.IPv4);
        ConfigRecipes.ForceAddressFamily(set, "example.net", Postfix.Config.MasterCf.InetProtocolFamily.IPv6);
        ConfigRecipes.TlsPin(set, "[mx.partner.example]:25", [string.Join(":", Enumerable.Repeat("AB", 32)), string.Join(":", Enumerable.Repeat("CD", 32))], "sha256");
        ConfigRecipes.Ipv6(set);
        ConfigRecipes.BlockReadReceipts(set);
        ConfigRecipes.BlockReadReceipts(set, mdnOnly: true);
        ConfigRecipes.BlockSender(set, "hacked@lists.example.org", "compromised");
    }
}
