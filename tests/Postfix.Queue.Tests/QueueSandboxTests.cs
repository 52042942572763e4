using System.Text;
using Postfix.Queue.Operations;
using Postfix.Queue.Selection;
using Postfix.Testing;

namespace Postfix.Queue.Tests;

/// <summary>
/// Integration tests against a private real Postfix: a queue with deferred, active (stalled smtp-sink), held and
/// force-expired messages, NDRs from MAILER-DAEMON and multi-recipient messages with different reasons; every
/// operation is checked with the real <c>postqueue -j</c>.
/// </summary>
public sealed class QueueSandboxTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Operations_RealQueue_ActExactlyOnSelectedMessages(bool longIds)
    {
        RealPostfix.Require("postfix", "postconf", "postqueue", "postsuper", "sendmail", "smtp-sink");
        await using var pf = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions { LongQueueIds = longIds });
        var tempfail = await pf.StartSmtpSinkAsync("-r", "RCPT");
        var stall = await pf.StartSmtpSinkAsync("-t", "3600", "-W", "ehlo:3600");
        await pf.WriteTransportAsync(
            $"tempfail.test smtp:[127.0.0.1]:{tempfail.Port}\nslow.test smtp:[127.0.0.1]:{stall.Port}\nretry.test retry:4.3.2 simulated outage\n");
        await pf.StartAsync();

        await pf.SendMailAsync("alice@sender.test", ["bob@dead.test"]);
        await pf.SendMailAsync("carol@sender.test", ["r1@dead.test", "r2@tempfail.test", "r3@retry.test"]);
        await pf.SendMailAsync(string.Empty, ["n@dead.test"]);
        await pf.SendMailAsync("dan@dead.test", ["nosuchuser@pftest.test"]);
        await pf.SendMailAsync(string.Empty, ["s@slow.test"]);
        await pf.SendMailAsync("frank@sender.test", ["z@slow.test"]);
        await pf.SendMailAsync(string.Empty, ["h@dead.test"]);
        await pf.SendMailAsync("held@sender.test", ["h2@dead.test"]);
        await pf.SendMailAsync(string.Empty, ["e@dead.test"]);
        await pf.SendMailAsync("exp@sender.test", ["e2@dead.test"]);
        var before = await SettleAsync(pf, total: 10, active: 2);

        // The local bounce of nosuchuser@ became an NDR from MAILER-DAEMON to dan@dead.test.
        Assert.Contains(before, m => m.IsNullSender && m.Recipients.Any(r => r.Address == "dan@dead.test"));
        await RealPostsuperAsync(pf, "-h", Id(before, "h@dead.test"), Id(before, "h2@dead.test"));
        await RealPostsuperAsync(pf, "-e", Id(before, "e@dead.test"), Id(before, "e2@dead.test"));
        before = await ListRealAsync(pf);
        Assert.Equal(10, before.Count);
        Assert.All(before, m => Assert.Equal(longIds, m.Id.IsLong));
        var nullSender = before.Where(m => m.Sender == "MAILER-DAEMON").Select(m => m.Id).ToHashSet();
        Assert.Equal(5, nullSender.Count);
        Assert.Contains(before, m => m.IsNullSender && m.Queue == QueueName.Active);
        Assert.Contains(before, m => m.IsNullSender && m.Queue == QueueName.Hold);
        Assert.Contains(before, m => m.IsNullSender && m.ForcedExpire);
        var carol = Assert.Single(before, m => m.Sender == "carol@sender.test");
        Assert.Equal(3, carol.Recipients.Select(r => r.DelayReason).Distinct().Count());

        var instance = new PostfixInstance(pf.ConfigDirectory);
        var ops = new QueueOperations(instance);

        // The text listing of the same queue agrees with the JSON one.
        var text = await MailqAsync(pf);
        Assert.Equal(
            before.Select(m => (m.Id, m.Sender, m.StatusMarks, Recipients: string.Join(",", m.Recipients.Select(r => r.Address + "|" + r.DelayReason)))).OrderBy(x => x.Id),
            text.Select(m => (m.Id, m.Sender, m.StatusMarks, Recipients: string.Join(",", m.Recipients.Select(r => r.Address + "|" + r.DelayReason)))).OrderBy(x => x.Id));

        // Dry run: reports exactly the bounces, changes nothing.
        var dry = await ops.RunAsync(QueueOperation.Delete, QueueSelection.NullSender(), new QueueOperationOptions { DryRun = true });
        Assert.Equal(nullSender.Select(i => i.Value).Order(), dry.Results.Select(r => r.Id).Order());
        Assert.All(dry.Results, r => Assert.Equal(QueueOperationOutcome.WouldDo, r.Outcome));
        Assert.Equal(Snapshot(before), Snapshot(await ListRealAsync(pf)));

        // Hold carol's message: it alone moves to hold.
        var hold = await ops.RunAsync(QueueOperation.Hold, QueueSelection.Sender("carol@sender.test"));
        Assert.Equal([(carol.Id.Value, QueueOperationOutcome.Done)], hold.Results.Select(r => (r.Id, r.Outcome)));
        var afterHold = await ListRealAsync(pf);
        Assert.Equal(QueueName.Hold, afterHold.Single(m => m.Id == carol.Id).Queue);
        Assert.Equal(Snapshot(before.Where(m => m.Id != carol.Id)), Snapshot(afterHold.Where(m => m.Id != carol.Id)));

        // Release it again (and the held non-bounce): both back to deferred, nothing else changes.
        var heldOther = Id(before, "h2@dead.test");
        var release = await ops.RunAsync(QueueOperation.Release, QueueSelection.InQueue(QueueName.Hold) & !QueueSelection.NullSender());
        Assert.Equal(new[] { carol.Id.Value, heldOther }.Order(), release.Results.Where(r => r.Outcome == QueueOperationOutcome.Done).Select(r => r.Id).Order());
        var afterRelease = await ListRealAsync(pf);
        Assert.All(afterRelease.Where(m => m.Id == carol.Id || m.Id.Value == heldOther), m => Assert.Equal(QueueName.Deferred, m.Queue));
        Assert.Equal(
            Snapshot(before.Where(m => m.Id != carol.Id && m.Id.Value != heldOther)),
            Snapshot(afterRelease.Where(m => m.Id != carol.Id && m.Id.Value != heldOther)));

        // Expire alice's message: forced_expire set on it alone.
        var alice = Id(before, "bob@dead.test");
        var expire = await ops.RunAsync(QueueOperation.Expire, QueueSelection.Sender("alice@sender.test"));
        Assert.Equal([(alice, QueueOperationOutcome.Done)], expire.Results.Select(r => (r.Id, r.Outcome)));
        var afterExpire = await ListRealAsync(pf);
        Assert.True(afterExpire.Single(m => m.Id.Value == alice).ForcedExpire);
        Assert.Equal(Snapshot(afterRelease.Where(m => m.Id.Value != alice)), Snapshot(afterExpire.Where(m => m.Id.Value != alice)));

        // Requeue the released non-bounce: it leaves deferred for maildrop (and comes back later under a new ID).
        var requeue = await ops.RunAsync(QueueOperation.Requeue, QueueSelection.Sender("held@sender.test"));
        Assert.Equal([(heldOther, QueueOperationOutcome.Done)], requeue.Results.Select(r => (r.Id, r.Outcome)));
        var afterRequeue = await ListRealAsync(pf);
        Assert.DoesNotContain(afterRequeue, m => m.Id.Value == heldOther && m.Queue == QueueName.Deferred);
        Assert.Single(afterRequeue, m => m.Sender == "held@sender.test");

        // IDs that are not IDs never reach postsuper; unknown ones are "not found".
        var bogus = await ops.RunOnIdsAsync(QueueOperation.Hold, [Id(before, "bob@dead.test") + "!", "NOT-AN-ID", longIds ? "4jbh9k4lXkz1hwH4" : "ABCDE12345"]);
        Assert.Equal(
            [QueueOperationOutcome.Rejected, QueueOperationOutcome.Rejected, QueueOperationOutcome.NotFound],
            bogus.Results.Select(r => r.Outcome));

        // The seed recipe: delete every bounce, including the active, held and force-expired ones, and nothing else.
        var beforeDelete = await ListRealAsync(pf);
        var delete = await ops.RunAsync(QueueOperation.Delete, QueueSelection.NullSender(), new QueueOperationOptions { VerifyBeforeActing = true });
        Assert.Equal(nullSender.Select(i => i.Value).Order(), delete.Results.Select(r => r.Id).Order());
        Assert.All(delete.Results, r => Assert.Equal(QueueOperationOutcome.Done, r.Outcome));
        Assert.Equal(nullSender.Count, delete.PostsuperCount);
        var afterDelete = await ListRealAsync(pf);
        Assert.DoesNotContain(afterDelete, m => m.Sender == "MAILER-DAEMON");
        // Everything else is still there (the requeued message may have been picked up again under a new ID).
        Assert.Equal(
            Snapshot(beforeDelete.Where(m => !nullSender.Contains(m.Id) && m.Sender != "held@sender.test")),
            Snapshot(afterDelete.Where(m => m.Sender != "held@sender.test")));
        Assert.Single(afterDelete, m => m.Sender == "held@sender.test");
    }

    private static string Id(IEnumerable<QueueMessage> messages, string recipient) =>
        messages.Single(m => m.Recipients.Any(r => r.Address == recipient)).Id.Value;

    private static IEnumerable<string> Snapshot(IEnumerable<QueueMessage> messages) =>
        messages.Select(m => $"{m.Id} {m.Queue} {m.ForcedExpire} {m.Sender} {m.Size}").Order(StringComparer.Ordinal);

    private static async Task RealPostsuperAsync(PostfixSandbox pf, string flag, params string[] ids)
    {
        var result = await Tool.RunAsync("postsuper", ["-c", pf.ConfigDirectory, flag, "-"], Encoding.ASCII.GetBytes(string.Join("\n", ids) + "\n"));
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>The queue as the real postqueue -j prints it (parsed with our reader; the readers are tested against the corpus).</summary>
    private static async Task<List<QueueMessage>> ListRealAsync(PostfixSandbox pf)
    {
        var result = await Tool.RunAsync("postqueue", ["-c", pf.ConfigDirectory, "-j"]);
        Assert.Equal(0, result.ExitCode);
        var messages = Reading.PostqueueJsonReader.Read(new MemoryStream(result.Stdout)).ToList();
        Assert.Equal(result.StdoutText.Count(c => c == '\n'), messages.Count);
        return messages;
    }

    private static async Task<List<QueueMessage>> MailqAsync(PostfixSandbox pf)
    {
        var result = await Tool.RunAsync("postqueue", ["-c", pf.ConfigDirectory, "-p"]);
        Assert.Equal(0, result.ExitCode);
        return Reading.MailqTextReader.Read(new MemoryStream(result.Stdout)).ToList();
    }

    private static async Task<List<QueueMessage>> SettleAsync(PostfixSandbox pf, int total, int active)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<QueueMessage> last = [];
        while (DateTime.UtcNow < deadline)
        {
            last = await ListRealAsync(pf);
            if (last.Count == total && !last.Any(m => m.Queue is QueueName.Maildrop or QueueName.Incoming)
                && last.Count(m => m.Queue == QueueName.Active) == active
                && last.All(m => m.Queue == QueueName.Active || m.Recipients.All(r => r.DelayReason is not null)))
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("queue did not settle: " + string.Join(", ", last.Select(m => $"{m.Id}{m.StatusMarks} {m.Sender}")));
    }
}
