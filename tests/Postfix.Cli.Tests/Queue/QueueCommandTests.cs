using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Cli.Commands;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Queue;

public sealed class QueueCommandTests
{
    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "queue", name);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(), stdout, stderr, new System.IO.Abstractions.FileSystem(), _ => null, TestContext.Current.CancellationToken);
        var exit = await CliApplication.RunAsync(args, context);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task List_IdsNullSenderFromTextCapture_PrintsOnlyBareBounceIds()
    {
        var (exit, stdout, stderr) = await RunAsync("queue", "list", "--input", Data("mailq-few.txt"), "--format", "ids", "--null-sender");
        Assert.Equal((0, string.Empty), (exit, stderr));
        var expected = File.ReadAllLines(Data("postqueue-j-few.jsonl")).Where(l => l.Contains("\"sender\": \"MAILER-DAEMON\"", StringComparison.Ordinal))
            .Select(l => l.Split("\"queue_id\": \"")[1].Split('"')[0]);
        Assert.Equal(expected.Order(), stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Theory]
    [InlineData("mailq-few.txt", "stdin")]
    [InlineData("postqueue-j-few.jsonl", "stdin")]
    [InlineData("mailq-few.txt", "mock")]
    [InlineData("postqueue-j-few.jsonl", "mock")]
    [InlineData("mailq-few.txt", "file")]
    [InlineData("postqueue-j-few.jsonl", "file")]
    public async Task List_IdsNullSenderFromEverySource_SameIdsInListingOrder(string capture, string source)
    {
        // Text from a file goes through the parallel scan, on the real file system and on a test one alike (one path,
        // no type check); from stdin through the streaming scan; JSON through the general reader. All give the bounce
        // IDs in listing order.
        var bytes = File.ReadAllBytes(Data(capture));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var fs = source == "mock" ? new MockFileSystem(new Dictionary<string, MockFileData> { ["/q"] = new(bytes) }) : (System.IO.Abstractions.IFileSystem)new System.IO.Abstractions.FileSystem();
        var input = source switch { "stdin" => "-", "mock" => "/q", _ => Data(capture) };
        var context = new CliContext(new MemoryStream(bytes), stdout, stderr, fs, _ => null, TestContext.Current.CancellationToken);
        Assert.Equal(0, await CliApplication.RunAsync(["queue", "list", "--input", input, "--format", "ids", "--null-sender"], context));
        var (_, expected, _) = await RunAsync("queue", "list", "--input", Data(capture), "--format", "json");
        var ids = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("\"sender\": \"MAILER-DAEMON\"", StringComparison.Ordinal))
            .Select(l => l.Split("\"queue_id\": \"")[1].Split('"')[0] + "\n");
        Assert.Equal((string.Concat(ids), string.Empty), (Encoding.ASCII.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray())));
        Assert.NotEmpty(ids);
    }

    [Fact]
    public async Task List_JsonFromJsonCapture_ReproducesPostqueueJ()
    {
        var (exit, stdout, _) = await RunAsync("queue", "list", "--input", Data("postqueue-j-few.jsonl"), "--format", "json");
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(Data("postqueue-j-few.jsonl")), stdout);
    }

    [Fact]
    public async Task List_JsonFromTextCapture_QueueNameNullUnlessMarked()
    {
        var (exit, stdout, _) = await RunAsync("queue", "list", "--input", Data("mailq-few.txt"), "--format", "json");
        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(14, lines.Length);
        Assert.Single(lines, l => l.StartsWith("{\"queue_name\": \"active\", \"queue_id\": \"51837B202EA\"", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("{\"queue_name\": \"hold\",", StringComparison.Ordinal)));
        Assert.Equal(11, lines.Count(l => l.StartsWith("{\"queue_name\": null,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task List_TextFromTextCapture_SelectionKeepsPostfixLayout()
    {
        var (exit, stdout, _) = await RunAsync("queue", "list", "--input", Data("mailq-few.txt"), "--recipient-domain", "retry.test");
        Assert.Equal(0, exit);
        Assert.StartsWith("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n244C5B202DA     376 Fri Nov 27 17:52:37  carol@sender.test\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n\n-- 0 Kbytes in 1 Request.\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_TextCapture_CountsDomainsSendersReasonsQueues()
    {
        var (exit, stdout, _) = await RunAsync("queue", "summary", "--input", Data("mailq-few.txt"));
        Assert.Equal(0, exit);
        Assert.Contains("14 messages", stdout, StringComparison.Ordinal);
        Assert.Contains("dead.test", stdout, StringComparison.Ordinal);
        Assert.Contains("Messages by queue:", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+11  unknown\n", stdout);
    }

    [Theory]
    [InlineData("queue")]
    [InlineData("queue", "frobnicate")]
    [InlineData("queue", "list", "--format", "xml")]
    [InlineData("queue", "list", "--queue", "bogus")]
    [InlineData("queue", "delete", "--id", "ABC*")]
    [InlineData("queue", "list", "--older-than", "3 days")]
    [InlineData("queue", "list", "--reason-regex", "(")]
    [InlineData("queue", "list", "--nope")]
    public async Task Run_UsageMistake_Exit2WithMessageAndNoStackTrace(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("postfix-net queue", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MalformedInputStrictVsLenient_ErrorOrDiagnostic()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            ["/q.txt"] = new("-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\nBAD!*   1 Tue Nov 24 22:13:20  a@b\n\n4E5F21A0C4      12 Tue Nov 24 22:13:20  c@d\n\n-- 0 Kbytes in 2 Requests.\n"),
        });
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(), stdout, stderr, fs, _ => null, TestContext.Current.CancellationToken);
        Assert.Equal(1, await CliApplication.RunAsync(["queue", "list", "--input", "/q.txt", "--format", "ids"], context));
        Assert.Contains("line 2: error PFQ1002", Encoding.UTF8.GetString(stderr.ToArray()), StringComparison.Ordinal);
        stdout.SetLength(0);
        stderr.SetLength(0);
        Assert.Equal(0, await CliApplication.RunAsync(["queue", "list", "--input", "/q.txt", "--format", "ids", "--lenient"], context));
        Assert.Equal("4E5F21A0C4\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Contains("PFQ1002", Encoding.UTF8.GetString(stderr.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_NullSenderOnRealPostfix_RemovesExactlyTheBounces()
    {
        RealPostfix.Require("postfix", "postconf", "postqueue", "postsuper", "sendmail", "smtp-sink");
        await using var pf = await PostfixSandbox.CreateAsync();
        var stall = await pf.StartSmtpSinkAsync("-t", "3600", "-W", "ehlo:3600");
        await pf.WriteTransportAsync($"slow.test smtp:[127.0.0.1]:{stall.Port}\n");
        await pf.StartAsync();
        await pf.SendMailAsync(string.Empty, ["n@dead.test"]);
        await pf.SendMailAsync(string.Empty, ["s@slow.test"]);
        await pf.SendMailAsync(string.Empty, ["h@dead.test"]);
        await pf.SendMailAsync("alice@sender.test", ["MAILER-DAEMON@dead.test"]);
        await pf.SendMailAsync("MAILER-DAEMON@sender.test", ["x@dead.test"]);
        string[] queue = [];
        for (var i = 0; i < 150; i++)
        {
            var docs = await pf.QueueJsonAsync();
            queue = [.. docs.Select(d => d.RootElement.GetProperty("queue_name").GetString() + " " + d.RootElement.GetProperty("queue_id").GetString() + " " + d.RootElement.GetProperty("sender").GetString())];
            if (queue.Length == 5 && queue.Count(q => q.StartsWith("active", StringComparison.Ordinal)) == 1 && queue.Count(q => q.StartsWith("deferred", StringComparison.Ordinal)) == 4)
            {
                break;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var held = queue.Single(q => q.StartsWith("deferred", StringComparison.Ordinal) && q.EndsWith(" MAILER-DAEMON", StringComparison.Ordinal)
            && q != queue.First(x => x.StartsWith("deferred", StringComparison.Ordinal) && x.EndsWith(" MAILER-DAEMON", StringComparison.Ordinal))).Split(' ')[1];
        Assert.Equal(0, (await Tool.RunAsync("postsuper", ["-c", pf.ConfigDirectory, "-h", held])).ExitCode);
        var bounces = queue.Where(q => q.EndsWith(" MAILER-DAEMON", StringComparison.Ordinal)).Select(q => q.Split(' ')[1]).ToList();
        Assert.Equal(3, bounces.Count);

        var (exit, stdout, stderr) = await RunAsync("queue", "delete", "-c", pf.ConfigDirectory, "--null-sender");
        Assert.Equal(0, exit);
        Assert.Equal(bounces.Select(b => $"{b}: removed").Order(StringComparer.Ordinal), stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Contains("3 selected, 3 done, 0 not found, 0 changed, 0 rejected", stderr, StringComparison.Ordinal);
        var after = (await pf.QueueJsonAsync()).Select(d => d.RootElement.GetProperty("sender").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["MAILER-DAEMON@sender.test", "alice@sender.test"], after);
    }
}
