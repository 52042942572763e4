using System.Text;
using Postfix.Config.MainCf;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Typed;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables;

/// <summary>
/// The recipes of docs/tables.md, each built with the library and then checked with the real postmap/postconf
/// (the tables are written to a scratch directory and queried the way Postfix queries them).
/// </summary>
public sealed class RecipeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tables-recipes-").FullName;

    public RecipeTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "etc"));
        File.WriteAllText(Path.Combine(_dir, "etc", "main.cf"), "compatibility_level = 3.6\n");
    }

    [Fact]
    public async Task AccessMap_RejectHackedList_PostmapAndPostconfAgree()
    {
        RealPostfix.Require("postmap", "postconf");

        // The access map: reject mail from the hacked list with a 550 and an explanation.
        var accessPath = Path.Combine(_dir, "sender_access");
        var access = PostmapSource.Parse([], new PostmapSourceOptions { SourceName = accessPath, Utf8 = true })
            .Add("hacked-list@lists.example.org", AccessAction.SmtpReject(550, "5.7.1 This list was compromised; mail refused").Value)
            .Add("lists.example.org", AccessAction.Dunno().Value);
        await File.WriteAllBytesAsync(accessPath, access.ToBytes());
        RealPostfix.Age(accessPath);

        // main.cf: check the envelope sender against it.
        var restriction = "check_sender_access texthash:" + accessPath;
        var mainCf = MainCfDocument.Parse("compatibility_level = 3.6\n").Set("smtpd_sender_restrictions", restriction);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "etc", "main.cf"), mainCf.ToBytes());

        var etc = Path.Combine(_dir, "etc");
        var hit = await Tool.RunAsync(Tool.Find("postmap")!, ["-c", etc, "-q", "Hacked-List@Lists.Example.ORG", "texthash:" + accessPath]);
        Assert.Equal("550 5.7.1 This list was compromised; mail refused\n", hit.StdoutText);
        Assert.True(AccessAction.Parse(hit.StdoutText.TrimEnd('\n')).IsReject);
        Assert.Equal(AccessAction.Parse(hit.StdoutText.TrimEnd('\n')).Value, access.ToTable(LookupTableOptions.Default with { Utf8 = true }).Lookup("hacked-list@lists.example.org"));
        var postconf = await Tool.RunAsync(Tool.Find("postconf")!, ["-c", etc, "-h", "smtpd_sender_restrictions"]);
        Assert.Equal(restriction + "\n", postconf.StdoutText);
    }

    [Fact]
    public async Task TransportMap_DomainToSmtpIpv4_PostmapAgrees()
    {
        RealPostfix.Require("postmap");
        var path = Path.Combine(_dir, "transport");
        var transport = PostmapSource.Parse([], new PostmapSourceOptions { SourceName = path, Utf8 = true })
            .Add("example.com", TransportEntry.Create("smtp-ipv4").ToString())
            .Add(".example.com", TransportEntry.Create("smtp-ipv4").ToString());
        await File.WriteAllBytesAsync(path, transport.ToBytes());
        RealPostfix.Age(path);
        Assert.Equal("example.com smtp-ipv4:\n.example.com smtp-ipv4:\n", Encoding.UTF8.GetString(transport.ToBytes()));
        var result = await Tool.RunAsync(Tool.Find("postmap")!, ["-c", Path.Combine(_dir, "etc"), "-q", "EXAMPLE.com", "texthash:" + path]);
        Assert.Equal("smtp-ipv4:\n", result.StdoutText);
        var entry = TransportEntry.Parse(result.StdoutText.TrimEnd('\n'));
        Assert.Equal("smtp-ipv4", entry.Transport);
        Assert.Equal(string.Empty, entry.Nexthop);
    }

    [Fact]
    public async Task TlsPolicy_FingerprintForPeer_PostmapAgrees()
    {
        RealPostfix.Require("postmap");
        var path = Path.Combine(_dir, "tls_policy");
        const string fp1 = "3D:95:34:51:24:66:33:B9:D2:40:99:C0:C1:17:0B:D1:CB:4B:0B:1A:6B:7C:DA:3A:7F:BE:47:CE:5B:E6:B2:2C";
        const string fp2 = "A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90";
        var policy = PostmapSource.Parse([], new PostmapSourceOptions { SourceName = path, Utf8 = true })
            .Add("[mail.partner.example]:25", TlsPolicy.Fingerprint(fp1, fp2).Value)
            .Add("partner.example", TlsPolicy.Encrypt(protocols: ">=TLSv1.2").Value);
        await File.WriteAllBytesAsync(path, policy.ToBytes());
        RealPostfix.Age(path);
        var etc = Path.Combine(_dir, "etc");
        var fp = await Tool.RunAsync(Tool.Find("postmap")!, ["-c", etc, "-q", "[mail.partner.example]:25", "texthash:" + path]);
        var parsed = TlsPolicy.Parse(fp.StdoutText.TrimEnd('\n'));
        Assert.True(parsed.IsValid);
        Assert.Equal(TlsSecurityLevel.Fingerprint, parsed.Level);
        Assert.Equal([fp1, fp2], parsed.MatchItems);
        var enc = await Tool.RunAsync(Tool.Find("postmap")!, ["-c", etc, "-q", "partner.example", "texthash:" + path]);
        Assert.Equal("encrypt protocols=>=TLSv1.2\n", enc.StdoutText);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
