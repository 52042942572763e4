using Postfix.Queue.Operations;
using Postfix.Queue.Selection;

namespace Postfix.Queue.Tests;

public sealed class QueueOperationsTests
{
    private const string Dir = "/srv/pf/etc";

    [Fact]
    public async Task RunOnIdsAsync_MarksDuplicatesAndJunk_OnlyBareDistinctIdsReachPostsuper()
    {
        // stderr as the real postsuper 3.7.11 printed it (postsuper-experiments.txt).
        var runner = new FakeRunner((program, args, stdin) =>
            (0, string.Empty, "postsuper: 26B6EB21FFA: removed\npostsuper: 2BA37B21FF8: removed\npostsuper: Deleted: 2 messages\n"));
        var ops = new QueueOperations(new PostfixInstance(Dir, runner));
        var report = await ops.RunOnIdsAsync(QueueOperation.Delete, ["26B6EB21FFA*", "26B6EB21FFA", "2BA37B21FF8", "26B6EB21FFA", "NOTANID", "33BFBB20023", "2BA37B21FF8!#"], null, TestContext.Current.CancellationToken);
        var started = Assert.Single(runner.Started);
        Assert.Equal("postsuper", started.Program);
        Assert.Equal(["-c", Dir, "-d", "-"], started.Args);
        Assert.Equal("26B6EB21FFA\n2BA37B21FF8\n33BFBB20023\n", started.Stdin());
        Assert.Equal(
            [("26B6EB21FFA*", QueueOperationOutcome.Rejected), ("26B6EB21FFA", QueueOperationOutcome.Done), ("2BA37B21FF8", QueueOperationOutcome.Done), ("NOTANID", QueueOperationOutcome.Rejected), ("33BFBB20023", QueueOperationOutcome.NotFound), ("2BA37B21FF8!#", QueueOperationOutcome.Rejected)],
            report.Results.Select(r => (r.Id, r.Outcome)));
        Assert.Equal(2, report.PostsuperCount);
        Assert.Empty(report.Warnings);
    }

    [Theory]
    [InlineData(QueueOperation.Hold, "-h", "placed on hold", "Placed on hold")]
    [InlineData(QueueOperation.Release, "-H", "released from hold", "Released from hold")]
    [InlineData(QueueOperation.Requeue, "-r", "requeued", "Requeued")]
    [InlineData(QueueOperation.Expire, "-e", "expired", "Force-expired")]
    public async Task RunOnIdsAsync_EachOperation_UsesItsFlagAndParsesItsVerb(QueueOperation operation, string flag, string verb, string summary)
    {
        var runner = new FakeRunner((program, args, stdin) => program == "postconf"
            ? FakeRunner.Postconf()
            : (0, string.Empty, $"postsuper: 12423B20407: {verb}\npostsuper: {summary}: 1 message\n"));
        var report = await new QueueOperations(new PostfixInstance(Dir, runner)).RunOnIdsAsync(operation, ["12423B20407", "1A0E2B21FFC"], null, TestContext.Current.CancellationToken);
        Assert.Equal(["-c", Dir, flag, "-"], runner.Started.Last().Args);
        Assert.Equal([QueueOperationOutcome.Done, QueueOperationOutcome.NotFound], report.Results.Select(r => r.Outcome));
        Assert.Equal(1, report.PostsuperCount);
    }

    [Fact]
    public async Task RunOnIdsAsync_ExpireBefore35_NotSupported()
    {
        var runner = new FakeRunner((program, args, stdin) => FakeRunner.Postconf("3.4.14"));
        await Assert.ThrowsAsync<NotSupportedException>(() => new QueueOperations(new PostfixInstance(Dir, runner)).RunOnIdsAsync(QueueOperation.Expire, ["12423B20407"], null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunOnIdsAsync_FatalError_ThrowsWithPostsuperMessage()
    {
        var runner = new FakeRunner((program, args, stdin) => (1, string.Empty, "postsuper: fatal: invalid directory name: nosuchqueue\n"));
        var e = await Assert.ThrowsAsync<PostfixCommandException>(() => new QueueOperations(new PostfixInstance(Dir, runner)).RunOnIdsAsync(QueueOperation.Delete, ["12423B20407"], null, TestContext.Current.CancellationToken));
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("invalid directory name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnIdsAsync_Batches_OneProcessPerBatchWithProgress()
    {
        var ids = Enumerable.Range(1, 5).Select(i => QueueId.CreateShort(i, 0x1000 + (ulong)i).Value).ToList();
        var runner = new FakeRunner((program, args, stdin) =>
            (0, string.Empty, string.Concat(stdin.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => $"postsuper: {id}: removed\n"))));
        var progress = new List<QueueOperationProgress>();
        var report = await new QueueOperations(new PostfixInstance(Dir, runner)).RunOnIdsAsync(
            QueueOperation.Delete, ids, new QueueOperationOptions { BatchSize = 2, Progress = new SyncProgress(progress.Add), RestrictToQueues = [QueueName.Deferred, QueueName.Hold] }, TestContext.Current.CancellationToken);
        Assert.Equal(3, runner.Started.Count);
        Assert.All(runner.Started, s => Assert.Equal(["-c", Dir, "-d", "-", "deferred", "hold"], s.Args));
        Assert.Equal([2L, 4L, 5L], progress.Select(p => p.Processed));
        Assert.All(report.Results, r => Assert.Equal(QueueOperationOutcome.Done, r.Outcome));
        Assert.Contains("postsuper counted 0 but reported 2 IDs", report.Warnings);
    }

    [Fact]
    public async Task RunOnIdsAsync_DryRun_StartsNothing()
    {
        var runner = new FakeRunner((program, args, stdin) => throw new InvalidOperationException("must not run"));
        var report = await new QueueOperations(new PostfixInstance(Dir, runner)).RunOnIdsAsync(QueueOperation.Delete, ["12423B20407", "x"], new QueueOperationOptions { DryRun = true }, TestContext.Current.CancellationToken);
        Assert.Empty(runner.Started);
        Assert.Equal([QueueOperationOutcome.WouldDo, QueueOperationOutcome.Rejected], report.Results.Select(r => r.Outcome));
    }

    [Fact]
    public async Task RunAsync_VerifyBeforeActing_SkipsReusedAndVanishedIds()
    {
        // First listing: three bounces. Second listing (the re-check): one gone, one ID reused by another message.
        var listings = new Queue<string>([
            Json("11111B20001", 100, "MAILER-DAEMON") + Json("22222B20002", 100, "MAILER-DAEMON") + Json("33333B20003", 100, "MAILER-DAEMON") + Json("44444B20004", 100, "alice@example.com"),
            Json("11111B20001", 100, "MAILER-DAEMON") + Json("22222B20002", 999, "MAILER-DAEMON"),
        ]);
        var runner = new FakeRunner((program, args, stdin) => program switch
        {
            "postconf" => FakeRunner.Postconf(),
            "postqueue" => (0, listings.Dequeue(), string.Empty),
            _ => (0, string.Empty, string.Concat(stdin.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => $"postsuper: {id}: removed\n")) + "postsuper: Deleted: 1 message\n"),
        });
        var report = await new QueueOperations(new PostfixInstance(Dir, runner)).RunAsync(QueueOperation.Delete, QueueSelection.NullSender(), new QueueOperationOptions { VerifyBeforeActing = true }, TestContext.Current.CancellationToken);
        Assert.Equal(
            [("11111B20001", QueueOperationOutcome.Done), ("22222B20002", QueueOperationOutcome.Changed), ("33333B20003", QueueOperationOutcome.Changed)],
            report.Results.Select(r => (r.Id, r.Outcome)));
        Assert.Equal("11111B20001\n", runner.Started.Single(s => s.Program == "postsuper").Stdin());
        Assert.Equal(["-c", Dir, "-j"], runner.Started.First(s => s.Program == "postqueue").Args);
    }

    [Fact]
    public async Task ListAsync_Postfix30_FallsBackToTextListing()
    {
        var runner = new FakeRunner((program, args, stdin) => program == "postconf"
            ? FakeRunner.Postconf("3.0.15", "bounces")
            : (0, "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4E5F21A0C3      12 Tue Nov 24 22:13:20  bounces\n\n-- 0 Kbytes in 1 Request.\n", string.Empty));
        var list = new List<QueueMessage>();
        await foreach (var m in new PostfixInstance(Dir, runner).ListAsync(null, TestContext.Current.CancellationToken))
        {
            list.Add(m);
        }

        Assert.True(Assert.Single(list).IsNullSender);
        Assert.Equal(["-c", Dir, "-p"], runner.Started.Last().Args);
        Assert.Equal(["-c", Dir, "-h", "mail_version", "empty_address_recipient"], runner.Started.First().Args);
    }

    [Fact]
    public async Task ListAsync_PostqueueFails_ThrowsWithExitCode()
    {
        var runner = new FakeRunner((program, args, stdin) => program == "postconf" ? FakeRunner.Postconf() : (69, string.Empty, "postqueue: fatal: Queue report unavailable - mail system is down\n"));
        var e = await Assert.ThrowsAsync<PostfixCommandException>(async () =>
        {
            await foreach (var m in new PostfixInstance(Dir, runner).ListAsync(null, TestContext.Current.CancellationToken))
            {
                _ = m;
            }
        });
        Assert.Equal(69, e.ExitCode);
    }

    [Theory]
    [InlineData("etc")]
    [InlineData("/srv/pf\n/etc")]
    [InlineData("")]
    public void PostfixInstance_BadConfigDirectory_Rejected(string dir)
    {
        Assert.Throws<ArgumentException>(() => new PostfixInstance(dir));
    }

    private static string Json(string id, long size, string sender) =>
        $"{{\"queue_name\": \"deferred\", \"queue_id\": \"{id}\", \"arrival_time\": 1795801957, \"message_size\": {size}, \"forced_expire\": false, \"sender\": \"{sender}\", \"recipients\": [{{\"address\": \"x@dead.test\"}}]}}\n";

    private sealed class SyncProgress(Action<QueueOperationProgress> report) : IProgress<QueueOperationProgress>
    {
        public void Report(QueueOperationProgress value) => report(value);
    }
}
