using Postfix.Queue.Operations;
using Postfix.Queue.Reading;
using Postfix.Queue.Selection;

namespace Postfix.Queue.Tests;

/// <summary>The library example of docs/queue.md, run against a capture and a scripted postfix.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public async Task DocsExample_ReadSavedListingAndDeleteInactiveBounces_Works()
    {
        using var file = File.OpenRead(TestFiles.PathOf("mailq-few.txt"));
        var lines = QueueListingReader.Read(file, TestFiles.CaptureOptions()).Select(m => $"{m.Id} {m.Queue} {m.Sender} {m.Recipients.Count}").ToList();
        Assert.Equal(14, lines.Count);

        var json = File.ReadAllText(TestFiles.PathOf("postqueue-j-few.jsonl"));
        var runner = new FakeRunner((program, args, stdin) => program switch
        {
            "postconf" => FakeRunner.Postconf(),
            "postqueue" => (0, json, string.Empty),
            _ => (0, string.Empty, string.Concat(stdin.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => $"postsuper: {id}: removed\n"))),
        });
        var postfix = new PostfixInstance("/etc/postfix", runner);
        var report = await new QueueOperations(postfix).RunAsync(
            QueueOperation.Delete,
            QueueSelection.NullSender() & !QueueSelection.InQueue(QueueName.Active),
            new QueueOperationOptions { DryRun = false, VerifyBeforeActing = true },
            TestContext.Current.CancellationToken);
        var expected = PostqueueJsonReader.Parse(json).Where(m => m.IsNullSender && m.Queue != QueueName.Active).Select(m => m.Id.Value);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, report.Results.Select(r => r.Id));
        Assert.All(report.Results, r => Assert.Equal(QueueOperationOutcome.Done, r.Outcome));
    }
}
