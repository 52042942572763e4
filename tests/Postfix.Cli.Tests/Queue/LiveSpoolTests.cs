using System.Text;
using Postfix.Queue.Files;
using Postfix.Queue.Selection;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Queue;

/// <summary>
/// Real queue files made by a private Postfix (<see cref="LiveQueueFixture"/>: SASL, XFORWARD, SMTPUTF8, MIME, 8-bit,
/// a 10 MB body, 1,000 recipients, DSN, every queue) read by <c>postfix-net</c> and by the real programs: postcat with
/// every flag combination (bytes), postqueue -j/-p against <c>queue list --spool</c>, and the content selections.
/// </summary>
public sealed class LiveSpoolTests(LiveQueueFixture live) : IClassFixture<LiveQueueFixture>
{
    private static readonly Dictionary<string, string> Utc = new(StringComparer.Ordinal) { ["TZ"] = "UTC" };

    /// <summary>Every subset of the record-selecting flags (postcat's -b -d -e -h -o -r; -v and -s separately).</summary>
    public static IEnumerable<string> FlagCombinations()
    {
        const string Flags = "bdehor";
        for (var mask = 0; mask < 1 << Flags.Length; mask++)
        {
            yield return string.Concat(Flags.Where((_, i) => (mask & (1 << i)) != 0));
        }
    }

    [Fact]
    public async Task Fixture_SaslAndXforward_AreRealQueueFileAttributes()
    {
        live.Require();
        var sasl = await Tool.RunAsync("postcat", ["-c", live.ConfigDirectory, "-e", "-q", live.Ids["sasl"]], environment: Utc);
        Assert.Contains("named_attribute: sasl_method=PLAIN\n", sasl.StdoutText, StringComparison.Ordinal);
        Assert.Contains($"named_attribute: sasl_username={LiveQueueFixture.AliceUser}\n", sasl.StdoutText, StringComparison.Ordinal);
        var xforward = await Tool.RunAsync("postcat", ["-c", live.ConfigDirectory, "-e", "-q", live.Ids["xforward"]], environment: Utc);
        Assert.Contains("named_attribute: log_client_name=client.example\n", xforward.StdoutText, StringComparison.Ordinal);
        Assert.Contains("named_attribute: log_client_address=192.0.2.7\n", xforward.StdoutText, StringComparison.Ordinal);
        Assert.Contains("named_attribute: log_helo_name=helo.example\n", xforward.StdoutText, StringComparison.Ordinal);
        Assert.Contains("named_attribute: client_address=127.0.0.1\n", xforward.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postcat_EveryLiveQueueFileAndFlagCombination_EqualsRealPostcat()
    {
        live.Require();
        var ids = live.Ids.Values.ToArray();

        // One run per flag set over every queue file (postcat -q takes many IDs), so 66 runs cover 11 files.
        var sets = FlagCombinations().Select(f => f.Length == 0 ? Array.Empty<string>() : ["-" + f]).ToList();
        sets.Add(["-v"]);
        sets.Add(["-vv", "-e"]);
        foreach (var flags in sets)
        {
            await CompareAsync(flags, ids, "every file");
        }

        // -s: the offset of a record in the middle (from the real -o output) and an offset that is not a record.
        foreach (var (role, id) in live.Ids)
        {
            var offsets = await Tool.RunAsync("postcat", ["-c", live.ConfigDirectory, "-o", "-e", "-q", id], environment: Utc);
            var middle = offsets.StdoutText.Split('\n').Select(l => l.TrimStart()).Where(l => l.Length > 0 && char.IsAsciiDigit(l[0])).Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]).ToList();
            Assert.NotEmpty(middle);
            await CompareAsync(["-o", "-s", middle[middle.Count / 2]], [id], role);
            await CompareAsync(["-s", "1"], [id], role);
        }
    }

    private async Task CompareAsync(string[] flags, string[] ids, string what)
    {
        string[] args = ["-c", live.ConfigDirectory, .. flags, "-q", .. ids];
        var realTask = Tool.RunAsync("postcat", args, environment: Utc);
        var ours = await Task.Run(() => CliRun.RunAsync(["postcat", .. args], environment: Utc));
        var real = await realTask;
        what = $"{what}: postcat {string.Join(' ', flags)}";
        Assert.True(real.Stdout.AsSpan().SequenceEqual(ours.StdoutBytes), $"{what}: stdout differs at byte {FirstDifference(real.Stdout, ours.StdoutBytes)} (real {real.Stdout.Length} bytes, ours {ours.StdoutBytes.Length})");
        var realErr = real.StderrText;
        if (flags.Any(f => f.StartsWith("-v", StringComparison.Ordinal)))
        {
            realErr = string.Concat(realErr.Split('\n').Where(l => l.Contains("warning:", StringComparison.Ordinal) || l.Contains("fatal:", StringComparison.Ordinal)).Select(l => l + "\n"));
        }

        Assert.True(realErr == ours.Stderr, $"{what}: stderr differs:\nreal: {realErr}\nours: {ours.Stderr}");
        Assert.True(real.ExitCode == ours.ExitCode, $"{what}: exit {real.ExitCode} vs {ours.ExitCode}");
    }

    [Fact]
    public async Task ListSpool_JsonAndText_EqualPostqueue()
    {
        live.Require();
        var realJson = await Tool.RunAsync("postqueue", ["-c", live.ConfigDirectory, "-j"]);
        Assert.Equal(0, realJson.ExitCode);
        var ours = await CliRun.RunAsync(["queue", "list", "--spool", "-c", live.ConfigDirectory, "--format", "json"]);
        Assert.Equal(string.Empty, ours.Stderr);
        Assert.Equal(0, ours.ExitCode);
        Assert.Equal(realJson.StdoutText, ours.Stdout);
        Assert.Equal(live.Ids.Count, ours.Stdout.Count(c => c == '\n'));

        var realText = await Tool.RunAsync("postqueue", ["-c", live.ConfigDirectory, "-p"]);
        var oursText = await CliRun.RunAsync(["queue", "list", "--spool", "-c", live.ConfigDirectory]);
        Assert.Equal(realText.StdoutText, oursText.Stdout);
    }

    public static TheoryData<string[], string[]> Selections() => new()
    {
        { ["--sasl-username", LiveQueueFixture.AliceUser], ["sasl"] },
        { ["--sasl-username", LiveQueueFixture.BobUser], ["hold"] },
        { ["--sasl-username", "alice"], [] },
        { ["--client", "192.0.2.7"], ["xforward"] },
        { ["--client", "192.0.2.0/24"], ["xforward"] },
        { ["--client", "client.example"], ["xforward"] },
        { ["--client", "2001:db8::/32"], ["incoming"] },
        { ["--client", "2001:db8::5"], ["incoming"] },
        { ["--client", "v6.example"], ["incoming"] },
        { ["--client", "127.0.0.1"], ["sasl", "mime", "utf8", "dsn", "many", "big", "active", "hold"] },
        { ["--helo", "helo.example"], ["xforward"] },
        { ["--helo", "ME.TEST"], ["sasl", "mime", "utf8", "dsn", "many", "big", "active"] },
        { ["--helo", "holder.test"], ["hold"] },
        { ["--helo", "v6helo.example"], ["incoming"] },
        { ["--attribute", "sasl_method=PLAIN"], ["sasl", "hold"] },
        { ["--attribute", "log_client_port=4711"], ["xforward"] },
        { ["--attribute", "envelope_id=env-42"], ["dsn"] },
        { ["--attribute", "dsn_orig_rcpt=rfc822;orig-d1@example.org"], ["dsn"] },
        { ["--header", "X-Folded: continuation line 29$"], ["mime"] },
        { ["--header", "x-huge: ^(0123456789){500}$"], ["mime"] },
        { ["--header", "X-Hold: yes"], ["hold"] },
        { ["--subject", "Grüße"], ["utf8"] },
        { ["--subject", "^sandbox test$"], ["maildrop"] },
        { ["--subject", "^(held|stalled|forwarded)$"], ["hold", "active", "xforward"] },
        { ["--body", "^BIGSTART$"], ["big"] },
        { ["--body", "naïve café"], ["mime"] },
        { ["--body", "^inner body$"], ["mime"] },
        { ["--body", "Körper"], ["utf8"] },
        { ["--body", "^(left in maildrop|kept in incoming|stays active)$"], ["maildrop", "incoming", "active"] },
        { ["--body", "^L{5000}$"], ["mime"] },
        { ["--sasl-username", LiveQueueFixture.BobUser, "--subject", "^held$", "--queue", "hold"], ["hold"] },
        { ["--sasl-username", LiveQueueFixture.BobUser, "--queue", "deferred"], [] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task ListSpool_ContentSelection_SelectsExactlyTheRightIds(string[] selection, string[] roles)
    {
        live.Require();
        var ours = await CliRun.RunAsync(["queue", "list", "--spool", "-c", live.ConfigDirectory, "--format", "ids", .. selection]);
        Assert.Equal(string.Empty, ours.Stderr);
        Assert.Equal(0, ours.ExitCode);
        var expected = roles.Select(r => live.Ids[r]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, ours.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LibrarySelections_HeadersNotRead_Latin1Byte_ReadTheFileAgainAndMatch()
    {
        live.Require();
        var spool = new QueueSpool(QueueSpoolSettings.Load(live.ConfigDirectory));
        var messages = spool.Read().ToList();
        Assert.All(messages, m => Assert.False(m.File!.HeadersRead));
        Assert.Equal([live.Ids["mime"]], messages.Where(QueueSelection.Body("^caf\uDCE9 latin1$", TimeSpan.FromSeconds(1)).Matches).Select(m => m.Id.Value));
        Assert.Equal([live.Ids["utf8"]], messages.Where(QueueSelection.Subject("^Grüße aus Köln$", TimeSpan.FromSeconds(1)).Matches).Select(m => m.Id.Value));
        Assert.Equal([live.Ids["mime"]], messages.Where(QueueSelection.Header("X-Folded", "^start\\scontinuation line 0\\scontinuation line 1\\s", TimeSpan.FromSeconds(1)).Matches).Select(m => m.Id.Value));
    }

    private static long FirstDifference(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }
}
