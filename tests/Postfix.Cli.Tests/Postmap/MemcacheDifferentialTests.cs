using System.Globalization;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>postfix-net postmap against the real postmap on a private memcached (key_format, domain, misses, spaces).</summary>
public sealed class MemcacheDifferentialTests(MemcacheServerFixture fixture) : IClassFixture<MemcacheServerFixture>
{
    private static readonly string[] Keys =
    [
        "alice@example.com", "ALICE@EXAMPLE.COM", "UPPER@example.com", "bob@example.com", "nosuch@example.com", "nodomain",
        "@example.com", "user@", "a b@example.com", "crlf@example.com", "jörg@example.com", "x@other.org",
    ];

    [Theory]
    [InlineData("")]
    [InlineData("key_format = dom:%d")]
    [InlineData("key_format = u:%u")]
    [InlineData("domain = example.com")]
    [InlineData("key_format = %s\ndomain = other.org, example.com")]
    public async Task Query_GeneratedConfigAndKeys_SameAsPostmap(string extra)
    {
        RealPostfix.Require("postmap");
        var server = await fixture.GetAsync();
        using var ws = new PostmapWorkspace();
        var config = $"memcache = inet:127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}\n{extra}\n";
        var path = ws.Write("mc.cf", Encoding.UTF8.GetBytes(config));
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", "memcache:" + path], Encoding.UTF8.GetBytes(string.Join('\n', Keys) + "\n"), config, looseErrno: true);
        foreach (var key in new[] { "alice@example.com", string.Empty, "crlf@example.com" })
        {
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", key, "memcache:" + path], null, config, looseErrno: true);
        }
    }
}
