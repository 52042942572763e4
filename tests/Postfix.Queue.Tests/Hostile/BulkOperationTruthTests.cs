using System.Text;
using Postfix.Queue.Operations;
using Postfix.Queue.Reading;
using Postfix.Testing;

namespace Postfix.Queue.Tests.Hostile;

/// <summary>
/// Bulk operations on a live sandbox queue under faults: IDs that vanish between listing and acting, and Postfix
/// stopped between listing and acting. The per-ID report must be true for every ID, checked against the queue files
/// afterwards, and nothing outside the selection may change.
/// </summary>
public sealed class BulkOperationTruthTests
{
    [Fact]
    public async Task Hold_IdsVanishAndPostfixStops_ReportTrueForEveryIdNothingElseTouched()
    {
        RealPostfix.Require("postfix", "postconf", "postqueue", "postsuper", "sendmail");
        await using var pf = await PostfixSandbox.CreateAsync();
        await pf.WriteTransportAsync("retry.test retry:4.3.2 simulated outage\n");
        await pf.StartAsync();
        for (var i = 0; i < 12; i++)
        {
            await pf.SendMailAsync($"s{i}@sender.test", [$"r{i}@retry.test"]);
        }

        var listed = await DeferredAsync(pf, 12);
        var ids = listed.Select(m => m.Id.Value).Order(StringComparer.Ordinal).ToList();
        var selected = ids.Take(8).ToList();
        var outside = ids.Skip(8).ToList();
        var vanished = selected.Where((_, i) => i % 3 == 0).ToList(); // 3 of the 8
        var before = QueueFiles(pf);

        // Between listing and acting: another admin deletes some selected messages, then Postfix is stopped.
        var deleted = await Tool.RunAsync("postsuper", ["-c", pf.ConfigDirectory, "-d", "-"], Encoding.ASCII.GetBytes(string.Join("\n", vanished) + "\n"));
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        await pf.StopAsync();

        // Small batches: several postsuper processes, so a batch boundary falls between vanished and present IDs.
        var ops = new QueueOperations(new PostfixInstance(pf.ConfigDirectory));
        var report = await ops.RunOnIdsAsync(QueueOperation.Hold, selected, new QueueOperationOptions { BatchSize = 3 });

        var after = QueueFiles(pf);
        Assert.Equal(selected.Order(StringComparer.Ordinal), report.Results.Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (var result in report.Results)
        {
            var where = after.GetValueOrDefault(result.Id);
            switch (result.Outcome)
            {
                case QueueOperationOutcome.Done:
                    Assert.True(where == "hold", $"{result.Id} reported Done but is in {where ?? "no queue"}");
                    break;
                case QueueOperationOutcome.NotFound:
                    Assert.True(where is null, $"{result.Id} reported NotFound but is in {where}");
                    break;
                default:
                    Assert.Fail($"{result.Id}: unexpected outcome {result.Outcome} ({result.Detail})");
                    break;
            }
        }

        Assert.Equal(vanished.Order(StringComparer.Ordinal), report.Results.Where(r => r.Outcome == QueueOperationOutcome.NotFound).Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (var id in outside)
        {
            Assert.Equal(before[id], after.GetValueOrDefault(id));
        }
    }

    /// <summary>
    /// postsuper killed (SIGKILL) at the start of the second of three batches: the operation fails with
    /// <see cref="PostfixCommandException"/> instead of reporting anything as done, the first batch is held, the later
    /// batches and everything outside the selection are untouched. (Known gap: the exception does not carry the first
    /// batch's per-ID results; see benchmarks/results/fuzzing.md.)
    /// </summary>
    [Fact]
    public async Task Hold_PostsuperKilledMidBatch_FailsLoudlyAndTouchesNothingElse()
    {
        RealPostfix.Require("postfix", "postconf", "postqueue", "postsuper", "sendmail");
        await using var pf = await PostfixSandbox.CreateAsync();
        await pf.WriteTransportAsync("retry.test retry:4.3.2 simulated outage\n");
        await pf.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            await pf.SendMailAsync($"k{i}@sender.test", [$"k{i}@retry.test"]);
        }

        var ids = (await DeferredAsync(pf, 10)).Select(m => m.Id.Value).Order(StringComparer.Ordinal).ToList();
        var selected = ids.Take(9).ToList();
        var before = QueueFiles(pf);
        var runner = new KillingRunner(killPostsuperNumber: 2);
        var ops = new QueueOperations(new PostfixInstance(pf.ConfigDirectory, runner));

        var e = await Assert.ThrowsAsync<PostfixCommandException>(() => ops.RunOnIdsAsync(QueueOperation.Hold, selected, new QueueOperationOptions { BatchSize = 3 }));
        Assert.Equal("postsuper", e.Program);
        Assert.Equal(2, runner.PostsuperStarts);

        var after = QueueFiles(pf);
        Assert.All(selected.Take(3), id => Assert.Equal("hold", after.GetValueOrDefault(id)));
        Assert.All(selected.Skip(3).Concat(ids.Skip(9)), id => Assert.Equal(before[id], after.GetValueOrDefault(id)));
    }

    /// <summary>The real runner, except that the Nth postsuper is killed right after it starts.</summary>
    private sealed class KillingRunner(int killPostsuperNumber) : Processes.IProcessRunner
    {
        private readonly Processes.ProcessRunner _real = new();

        public int PostsuperStarts { get; private set; }

        public Processes.IRunningProcess Start(string program, IReadOnlyList<string> arguments)
        {
            var process = _real.Start(program, arguments);
            if (Path.GetFileName(program) == "postsuper" && ++PostsuperStarts == killPostsuperNumber)
            {
                process.Kill();
            }

            return process;
        }
    }

    /// <summary>ID → the queue directory its file is in (read from the spool directly: Postfix may be stopped).</summary>
    private static Dictionary<string, string> QueueFiles(PostfixSandbox pf)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var queue in (string[])["maildrop", "incoming", "active", "deferred", "hold", "corrupt"])
        {
            var dir = Path.Combine(pf.QueueDirectory, queue);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                result[Path.GetFileName(file)] = queue;
            }
        }

        return result;
    }

    private static async Task<List<QueueMessage>> DeferredAsync(PostfixSandbox pf, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<QueueMessage> last = [];
        while (DateTime.UtcNow < deadline)
        {
            var r = await Tool.RunAsync("postqueue", ["-c", pf.ConfigDirectory, "-j"]);
            last = PostqueueJsonReader.Read(new MemoryStream(r.Stdout)).ToList();
            if (last.Count == count && last.All(m => m.Queue == QueueName.Deferred))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"queue did not settle: {last.Count} messages");
    }
}
