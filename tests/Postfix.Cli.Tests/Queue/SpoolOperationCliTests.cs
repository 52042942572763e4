using System.Text.Json;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Queue;

/// <summary>
/// Every bulk operation from <c>--spool</c> with <c>--verify</c> on a live sandbox, checked with the real postqueue, and the
/// permission error for a user who cannot read the queue (run as <c>nobody</c> through runuser).
/// </summary>
public sealed class SpoolOperationCliTests(SpoolOperationCliTests.Sandbox box) : IClassFixture<SpoolOperationCliTests.Sandbox>
{
    [Fact]
    public async Task EveryOperation_SpoolWithVerify_ActsOnExactlyTheSelection()
    {
        Sandbox.Require();
        var pf = box.Pf!;
        var config = pf.ConfigDirectory;
        var ids = await box.SubmitDeferredAsync("ops.test", 2);
        await box.SubmitDeferredAsync("other.test", 2);
        var others = (await QueueAsync(pf)).Where(e => e.Sender.EndsWith("@other.test", StringComparison.Ordinal)).ToList();

        async Task<string> Run(string verb, string expectLine)
        {
            var r = await CliRun.RunAsync(["queue", verb, "--spool", "-c", config, "--sender-domain", "ops.test", "--verify"]);
            Assert.True(r.ExitCode == 0, $"{verb}: {r.Stderr}");
            Assert.Equal(string.Concat(ids.Order(StringComparer.Ordinal).Select(id => $"{id}: {expectLine}\n")), string.Concat(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(l => l + "\n")));
            return r.Stderr;
        }

        await Run("hold", "placed on hold");
        Assert.All(ids, id => Assert.Equal("hold", LiveQueueFixture.FindQueue(pf, id)));
        await Run("release", "released from hold");
        Assert.All(ids, id => Assert.NotEqual("hold", LiveQueueFixture.FindQueue(pf, id)));
        await box.WaitDeferredAsync(ids);
        await Run("expire", "expired");
        Assert.All((await QueueAsync(pf)).Where(e => ids.Contains(e.Id)), e => Assert.True(e.ForcedExpire));

        // Expired messages bounce at the next attempt; make a fresh pair for requeue and delete.
        ids = await box.SubmitDeferredAsync("ops2.test", 2);
        var requeue = await CliRun.RunAsync(["queue", "requeue", "--spool", "-c", config, "--sender-domain", "ops2.test", "--verify"]);
        Assert.True(requeue.ExitCode == 0, requeue.Stderr);
        Assert.Equal(2, requeue.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": requeued", StringComparison.Ordinal)));
        Assert.All(ids, id => Assert.Equal("maildrop", LiveQueueFixture.FindQueue(pf, id)));
        Assert.Equal(0, (await Tool.RunAsync("postqueue", ["-c", config, "-f"])).ExitCode); // wake pickup now, not in 60 s
        await pf.WaitForQueueSettledAsync();
        var again = (await QueueAsync(pf)).Where(e => e.Sender.EndsWith("@ops2.test", StringComparison.Ordinal)).Select(e => e.Id).ToList();
        Assert.Equal(2, again.Count);
        await box.WaitDeferredAsync(again);
        var delete = await CliRun.RunAsync(["queue", "delete", "--spool", "-c", config, "--sender-domain", "ops2.test", "--verify"]);
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Equal(2, delete.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": removed", StringComparison.Ordinal)));
        Assert.DoesNotContain(await QueueAsync(pf), e => e.Sender.EndsWith("@ops2.test", StringComparison.Ordinal));

        // Nothing outside the selections changed.
        var now = (await QueueAsync(pf)).Where(e => e.Sender.EndsWith("@other.test", StringComparison.Ordinal)).ToList();
        Assert.Equal(others.Select(o => (o.Id, o.Queue, o.ForcedExpire)), now.Select(o => (o.Id, o.Queue, o.ForcedExpire)));
    }

    [Fact]
    public async Task SpoolAsNobody_ClearErrorNamingTheMissingPermission()
    {
        Sandbox.Require();
        if (Environment.UserName != "root" || Tool.Find("runuser") is null || Tool.Find("dotnet") is null)
        {
            Assert.Skip("needs root and runuser to run the CLI as nobody");
        }

        var cli = Path.Combine(AppContext.BaseDirectory, "postfix-net.dll");
        foreach (var verb in new[] { "list", "delete" })
        {
            var r = await Tool.RunAsync("runuser", ["-u", "nobody", "--", "/usr/bin/env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "DOTNET_NOLOGO=1", "dotnet", cli, "queue", verb, "--spool", "-c", box.Pf!.ConfigDirectory, "--sender-domain", "x.test"]);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal(
                $"postfix-net queue: cannot read queue directory {box.Pf.QueueDirectory}/maildrop: Permission denied: reading the queue needs read and search (r-x) permission on {box.Pf.QueueDirectory}/maildrop (mode 0730), which only root and the mail owner (mail_owner, usually 'postfix') have; run as root or as the mail owner\n",
                r.StderrText);
            Assert.Equal(string.Empty, r.StdoutText);
        }
    }

    private static async Task<List<(string Id, string Queue, string Sender, bool ForcedExpire)>> QueueAsync(PostfixSandbox pf) =>
        [.. (await pf.QueueJsonAsync()).Select(d => (
            d.RootElement.GetProperty("queue_id").GetString()!,
            d.RootElement.GetProperty("queue_name").GetString()!,
            d.RootElement.GetProperty("sender").GetString()!,
            d.RootElement.GetProperty("forced_expire").GetBoolean()))];

    public sealed class Sandbox : IAsyncLifetime
    {
        private static readonly string[] Programs = ["postfix", "postconf", "postqueue", "postsuper", "sendmail"];

        public PostfixSandbox? Pf { get; private set; }

        public static void Require() => RealPostfix.Require(Programs);

        public async Task<List<string>> SubmitDeferredAsync(string domain, int count)
        {
            var before = (await QueueAsync(Pf!)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                await Pf!.SendMailAsync($"s{i}@{domain}", [$"r{i}@retry.test"]);
            }

            await Pf!.WaitForQueueSettledAsync();
            var ids = (await QueueAsync(Pf)).Where(e => e.Sender.EndsWith("@" + domain, StringComparison.Ordinal) && !before.Contains(e.Id)).Select(e => e.Id).ToList();
            Assert.Equal(count, ids.Count);
            await WaitDeferredAsync(ids);
            return ids;
        }

        public async Task WaitDeferredAsync(IReadOnlyCollection<string> ids)
        {
            for (var i = 0; i < 300; i++)
            {
                if (ids.All(id => LiveQueueFixture.FindQueue(Pf!, id) == "deferred"))
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("messages did not reach deferred");
        }

        public async ValueTask InitializeAsync()
        {
            if (Programs.Any(p => Tool.Find(p) is null))
            {
                return;
            }

            Pf = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions { Transport = "retry.test retry:4.3.2 simulated outage\n" });
            await Pf.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (Pf is not null)
            {
                await Pf.DisposeAsync();
            }
        }
    }
}

/// <summary>The CLI's report when postsuper dies part-way (a fake postsuper: one ID reported, then killed).</summary>
public sealed class KilledPostsuperCliTests
{
    [Fact]
    public async Task Delete_PostsuperKilled_PrintsTheWholeReportThenTheErrorExit1()
    {
        var listing = Path.Combine(AppContext.BaseDirectory, "TestData", "queue", "postqueue-j-few.jsonl");
        var ids = File.ReadLines(listing).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("sender").GetString() == "henry@sender.test" || e.GetProperty("sender").GetString() == "frank@sender.test").Select(e => e.GetProperty("queue_id").GetString()!).ToList();
        Assert.Equal(2, ids.Count);
        var runner = new DyingPostsuper($"postsuper: {ids[0]}: removed\n");
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(), stdout, stderr, new System.IO.Abstractions.FileSystem(), _ => null, TestContext.Current.CancellationToken);
        var exit = await new Postfix.Cli.Commands.QueueCommand(runner).RunAsync(context, ["delete", "-c", "/nonexistent/etc", "--input", listing, "--id", ids[0], "--id", ids[1]]);
        await context.Out.FlushAsync();
        await context.Error.FlushAsync();
        Assert.Equal(1, exit);
        var text = System.Text.Encoding.UTF8.GetString(stdout.ToArray());
        Assert.Contains($"{ids[0]}: removed\n", text, StringComparison.Ordinal);
        Assert.Contains($"{ids[1]}: unknown: postsuper ended abnormally (exit status 137) without reporting this ID; the queue directory was not given to check it\n", text, StringComparison.Ordinal);
        var errors = System.Text.Encoding.UTF8.GetString(stderr.ToArray());
        Assert.Contains("1 done, 0 not found, 0 changed, 0 rejected, 0 not processed, 1 unknown\n", errors, StringComparison.Ordinal);
        Assert.EndsWith("postfix-net queue: postsuper exited with status 137: postsuper: " + ids[0] + ": removed\n", errors, StringComparison.Ordinal);
    }

    private sealed class DyingPostsuper(string stderr) : Postfix.Queue.Processes.IProcessRunner
    {
        public Postfix.Queue.Processes.IRunningProcess Start(string program, IReadOnlyList<string> arguments) => new Dead(stderr);

        private sealed class Dead(string stderr) : Postfix.Queue.Processes.IRunningProcess
        {
            public Stream StandardInput { get; } = new MemoryStream();

            public Stream StandardOutput { get; } = new MemoryStream();

            public Stream StandardError { get; } = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(stderr));

            public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => Task.FromResult(137);

            public void Kill()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
