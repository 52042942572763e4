using System.Security.Cryptography;
using System.Text;
using Postfix.Queue.Files;
using Postfix.Queue.Operations;
using Postfix.Queue.Processes;
using Postfix.Queue.Selection;
using Postfix.Testing;

namespace Postfix.Queue.Tests.Hostile;

/// <summary>
/// Bulk operations on a live sandbox queue under faults (#18 item 4) and the spool safety check (#15 item 3): postsuper
/// killed (SIGKILL) in the middle of a batch, Postfix stopped in the middle of an operation, IDs that vanish, and
/// messages that move, lose a recipient or are replaced between listing and acting. The per-ID report must be true for
/// every ID, checked against the queue files afterwards, and nothing outside the selection may change. One sandbox per
/// class; each test submits its own messages (a sender domain of its own) and selects only those.
/// </summary>
public sealed class BulkOperationTruthTests(BulkOperationTruthTests.Sandbox box) : IClassFixture<BulkOperationTruthTests.Sandbox>
{
    [Fact]
    public async Task Hold_IdsVanishAndPostfixStops_ReportTrueForEveryIdNothingElseTouched()
    {
        Sandbox.Require();
        var pf = await box.StartedAsync();
        var listed = await box.SubmitDeferredAsync("vanish.test", 12);
        var ids = listed.Select(m => m.Id.Value).ToList();
        var selected = ids.Take(8).ToList();
        var vanished = selected.Where((_, i) => i % 3 == 0).ToList(); // 3 of the 8

        // Between listing and acting: another admin deletes some selected messages, then Postfix is stopped.
        var deleted = await Tool.RunAsync("postsuper", ["-c", pf.ConfigDirectory, "-d", "-"], Encoding.ASCII.GetBytes(string.Join("\n", vanished) + "\n"));
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        await pf.StopAsync();
        var before = QueueState(pf);

        // Small batches: several postsuper processes, so a batch boundary falls between vanished and present IDs.
        var ops = new QueueOperations(new PostfixInstance(pf.ConfigDirectory));
        var report = await ops.RunOnIdsAsync(QueueOperation.Hold, selected, new QueueOperationOptions { BatchSize = 3 }, TestContext.Current.CancellationToken);

        var after = QueueState(pf);
        Assert.Equal(selected.Order(StringComparer.Ordinal), report.Results.Select(r => r.Id).Order(StringComparer.Ordinal));
        AssertTrue(report, before, after, QueueOperation.Hold);
        Assert.Equal(vanished.Order(StringComparer.Ordinal), report.Results.Where(r => r.Outcome == QueueOperationOutcome.NotFound).Select(r => r.Id).Order(StringComparer.Ordinal));
        AssertUntouchedOutside(before, after, selected);
    }

    /// <summary>
    /// postsuper gets the first 4 IDs of a 6-ID batch, works on them, and is killed with SIGKILL while it waits for
    /// more; the next batch is never started. Every ID's outcome must be what the queue shows: Done (on hold) or
    /// NotProcessed (still deferred), with the exception carrying that report.
    /// </summary>
    [Fact]
    public async Task Hold_PostsuperKilledMidBatch_ReportTrueForEveryId()
    {
        Sandbox.Require();
        var pf = await box.StartedAsync();
        var listed = await box.SubmitDeferredAsync("killed.test", 10);
        var selected = listed.Take(9).ToList();
        var before = QueueState(pf);
        var runner = new FaultRunner { KillPostsuperAfterLines = 4 };
        var ops = new QueueOperations(new PostfixInstance(pf.ConfigDirectory, runner));
        var spool = new QueueSpool(QueueSpoolSettings.Load(pf.ConfigDirectory));

        var e = await Assert.ThrowsAsync<PostfixCommandException>(() => ops.RunOnMessagesAsync(QueueOperation.Hold, selected, new QueueOperationOptions { BatchSize = 6, Spool = spool }, TestContext.Current.CancellationToken));
        Assert.Equal("postsuper", e.Program);
        Assert.Equal(1, runner.PostsuperStarts);
        var report = Assert.IsType<QueueOperationReport>(e.Report);
        var after = QueueState(pf);
        Assert.Equal(selected.Select(m => m.Id.Value), report.Results.Select(r => r.Id));
        AssertTrue(report, before, after, QueueOperation.Hold);
        Assert.Equal(4, report.Count(QueueOperationOutcome.Done));
        Assert.Equal(5, report.Count(QueueOperationOutcome.NotProcessed));
        Assert.All(report.Results.Skip(6), r => Assert.Contains("not sent", r.Detail, StringComparison.Ordinal));
        AssertUntouchedOutside(before, after, selected.Select(m => m.Id.Value));
    }

    /// <summary>The same kill, but without the queue directory to reconcile with: IDs postsuper did not report are Unknown, never Done.</summary>
    [Fact]
    public async Task Delete_PostsuperKilledWithoutSpool_UnreportedIdsUnknownNeverDone()
    {
        Sandbox.Require();
        var pf = await box.StartedAsync();
        var selected = await box.SubmitDeferredAsync("unknown.test", 5);
        var before = QueueState(pf);
        var runner = new FaultRunner { KillPostsuperAfterLines = 2 };
        var ops = new QueueOperations(new PostfixInstance(pf.ConfigDirectory, runner));

        var e = await Assert.ThrowsAsync<PostfixCommandException>(() => ops.RunOnMessagesAsync(QueueOperation.Delete, selected, null, TestContext.Current.CancellationToken));
        var report = e.Report!;
        var after = QueueState(pf);
        AssertTrue(report, before, after, QueueOperation.Delete);
        Assert.Equal(2, report.Count(QueueOperationOutcome.Done));
        Assert.Equal(3, report.Count(QueueOperationOutcome.Unknown));
        AssertUntouchedOutside(before, after, selected.Select(m => m.Id.Value));
    }

    /// <summary>Postfix is stopped (postfix stop) right before the second of three postsuper runs: the rest still works, the report is true.</summary>
    [Fact]
    public async Task Release_PostfixStoppedMidOperation_ReportTrueForEveryId()
    {
        Sandbox.Require();
        var pf = await box.StartedAsync();
        var listed = await box.SubmitDeferredAsync("stopped.test", 9);
        var hold = await Tool.RunAsync("postsuper", ["-c", pf.ConfigDirectory, "-h", "-"], Encoding.ASCII.GetBytes(string.Concat(listed.Select(m => m.Id.Value + "\n"))));
        Assert.Equal(0, hold.ExitCode);
        var spool = new QueueSpool(QueueSpoolSettings.Load(pf.ConfigDirectory));
        var held = spool.Read().Where(QueueSelection.SenderDomain("stopped.test").Matches).ToList();
        Assert.Equal(9, held.Count);
        Assert.All(held, m => Assert.Equal(QueueName.Hold, m.Queue));
        var before = QueueState(pf);
        var runner = new FaultRunner { BeforePostsuper = n => n == 2 ? pf.StopAsync() : Task.CompletedTask };
        var ops = new QueueOperations(new PostfixInstance(pf.ConfigDirectory, runner));

        var report = await ops.RunOnMessagesAsync(QueueOperation.Release, held, QueueSelection.SenderDomain("stopped.test"), new QueueOperationOptions { BatchSize = 3, VerifyBeforeActing = true, Spool = spool }, TestContext.Current.CancellationToken);
        Assert.Equal(3, runner.PostsuperStarts);
        Assert.Equal(0, (await pf.PostfixAsync("status")).ExitCode == 0 ? 1 : 0);
        var after = QueueState(pf);
        AssertTrue(report, before, after, QueueOperation.Release);
        Assert.Equal(9, report.Count(QueueOperationOutcome.Done));
        AssertUntouchedOutside(before, after, held.Select(m => m.Id.Value));
    }

    /// <summary>
    /// --verify from the spool (Postfix stopped): between listing and acting one message is held by a real postsuper
    /// (moved queue), one loses a recipient (its record marked done the way qmgr does it), one file is replaced by
    /// another message's, one is deleted. Those four are skipped as Changed with the reason; the rest are deleted.
    /// </summary>
    [Fact]
    public async Task Delete_VerifyFromSpool_SkipsEveryKindOfChangeAndActsOnTheRest()
    {
        Sandbox.Require();
        var pf = await box.StartedAsync();
        var listed = await box.SubmitDeferredAsync("verify.test", 6, recipients: 2);
        await pf.StopAsync();
        var spool = new QueueSpool(QueueSpoolSettings.Load(pf.ConfigDirectory));
        var selection = QueueSelection.SenderDomain("verify.test");
        var selected = spool.Read().Where(selection.Matches).ToList();
        Assert.Equal(listed.Select(m => m.Id).Order(), selected.Select(m => m.Id).Order());
        var (moved, recipientDone, replaced, vanished) = (selected[0], selected[1], selected[2], selected[3]);

        Assert.Equal(0, (await Tool.RunAsync("postsuper", ["-c", pf.ConfigDirectory, "-h", moved.Id.Value])).ExitCode);
        await MarkRecipientDoneAsync(pf, recipientDone);
        File.WriteAllBytes(replaced.FilePath!, File.ReadAllBytes(selected[5].FilePath!));
        Assert.Equal(0, (await Tool.RunAsync("postsuper", ["-c", pf.ConfigDirectory, "-d", vanished.Id.Value])).ExitCode);
        var before = QueueState(pf);

        var ops = new QueueOperations(new PostfixInstance(pf.ConfigDirectory));
        var report = await ops.RunOnMessagesAsync(QueueOperation.Delete, selected, selection, new QueueOperationOptions { VerifyBeforeActing = true, Spool = spool }, TestContext.Current.CancellationToken);

        var outcome = report.Results.ToDictionary(r => r.Id, r => (r.Outcome, r.Detail));
        Assert.Equal((QueueOperationOutcome.Changed, "moved from deferred to hold"), outcome[moved.Id.Value]);
        Assert.Equal((QueueOperationOutcome.Changed, "its recipients changed (delivered, bounced or added)"), outcome[recipientDone.Id.Value]);
        Assert.Equal((QueueOperationOutcome.Changed, "the ID now belongs to a different message"), outcome[replaced.Id.Value]);
        Assert.Equal((QueueOperationOutcome.Changed, "no longer in the queue"), outcome[vanished.Id.Value]);
        Assert.Equal(QueueOperationOutcome.Done, outcome[selected[4].Id.Value].Outcome);
        Assert.Equal(QueueOperationOutcome.Done, outcome[selected[5].Id.Value].Outcome);
        var after = QueueState(pf);
        AssertTrue(report, before, after, QueueOperation.Delete);
        AssertUntouchedOutside(before, after, [selected[4].Id.Value, selected[5].Id.Value]);
    }

    /// <summary>A queue directory this user cannot read is a clear error naming the permission, not "no longer in the queue".</summary>
    [Fact]
    public void FindMessage_UnreadableQueueDirectory_ErrorNamesThePermission()
    {
        var fs = new System.IO.Abstractions.TestingHelpers.MockFileSystem();
        fs.AddDirectory("/spool/maildrop");
        var denied = DenyingProxy.FileSystem(fs, "/spool/maildrop");
        var spool = new QueueSpool(new QueueSpoolSettings { QueueDirectory = "/spool" }, denied);
        var e = Assert.Throws<UnauthorizedAccessException>(() => spool.FindMessage(QueueId.Parse("61ECFB26644")));
        Assert.StartsWith("cannot read queue directory /spool/maildrop: Permission denied: reading the queue needs read and search (r-x) permission on /spool/maildrop", e.Message, StringComparison.Ordinal);
        Assert.Throws<UnauthorizedAccessException>(() => spool.Read().ToList());
    }

    /// <summary>Every ID's outcome against the queue files before and after.</summary>
    private static void AssertTrue(QueueOperationReport report, Dictionary<string, (string Queue, string Hash)> before, Dictionary<string, (string Queue, string Hash)> after, QueueOperation operation)
    {
        foreach (var result in report.Results)
        {
            var was = before.TryGetValue(result.Id, out var b) ? b.Queue : null;
            var now = after.TryGetValue(result.Id, out var a) ? a.Queue : null;
            var why = $"{result.Id} reported {result.Outcome} ({result.Detail}) but was in {was ?? "no queue"}, now {now ?? "no queue"}";
            switch (result.Outcome)
            {
                case QueueOperationOutcome.Done:
                    Assert.True(operation switch
                    {
                        QueueOperation.Delete => now is null && was is not null,
                        QueueOperation.Hold => now == "hold" && was != "hold",
                        QueueOperation.Release => now is not null && now != "hold" && was == "hold",
                        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
                    }, why);
                    break;
                case QueueOperationOutcome.NotFound:
                case QueueOperationOutcome.Changed:
                case QueueOperationOutcome.NotProcessed:
                    Assert.True(was == now && (was is null || b.Hash == a.Hash), why);
                    break;
                case QueueOperationOutcome.Unknown:
                    break;
                default:
                    Assert.Fail(why);
                    break;
            }
        }
    }

    private static void AssertUntouchedOutside(Dictionary<string, (string Queue, string Hash)> before, Dictionary<string, (string Queue, string Hash)> after, IEnumerable<string> selected)
    {
        var inside = selected.ToHashSet(StringComparer.Ordinal);
        foreach (var (id, state) in before.Where(kv => !inside.Contains(kv.Key)))
        {
            var found = after.TryGetValue(id, out var now);
            Assert.True(found && now == state, $"{id} outside the selection changed: {state} -> {(found ? now : "gone")}");
        }
    }

    /// <summary>ID → (queue directory, SHA-256 of the file) read from the spool directly: Postfix may be stopped.</summary>
    private static Dictionary<string, (string Queue, string Hash)> QueueState(PostfixSandbox pf)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var queue in (string[])["maildrop", "incoming", "active", "deferred", "hold", "corrupt"])
        {
            var dir = Path.Combine(pf.QueueDirectory, queue);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                if (Read(file) is { } bytes)
                {
                    result[Path.GetFileName(file)] = (queue, Convert.ToHexString(SHA256.HashData(bytes)) + "/" + (int)File.GetUnixFileMode(file));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The file's bytes, or null when it is gone. .NET takes a shared flock for reading, which fails while a Postfix
    /// daemon holds its exclusive lock for a moment: try again.
    /// </summary>
    private static byte[]? Read(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Marks the message's last recipient done the way qmgr does: the record's type byte R becomes D.</summary>
    private static async Task MarkRecipientDoneAsync(PostfixSandbox pf, QueueMessage message)
    {
        var listing = await Tool.RunAsync("postcat", ["-c", pf.ConfigDirectory, "-o", "-e", "-q", message.Id.Value]);
        var line = listing.StdoutText.Split('\n').Last(l => l.Contains(" recipient: ", StringComparison.Ordinal)).TrimStart();
        var offset = long.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        await using var file = new FileStream(message.FilePath!, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        Assert.Equal((int)'R', file.ReadByte());
        file.Position = offset;
        file.WriteByte((byte)'D');
    }

    /// <summary>The sandbox shared by the class: a transport that always defers (retry:), started on demand.</summary>
    public sealed class Sandbox : IAsyncLifetime
    {
        private static readonly string[] Programs = ["postfix", "postconf", "postqueue", "postsuper", "postcat", "sendmail"];
        private PostfixSandbox? _pf;

        public static void Require() => RealPostfix.Require(Programs);

        public async Task<PostfixSandbox> StartedAsync()
        {
            if ((await _pf!.PostfixAsync("status")).ExitCode != 0)
            {
                await _pf.StartAsync();
            }

            return _pf;
        }

        /// <summary>Submits <paramref name="count"/> messages from <c>sN@domain</c> and waits until all are deferred.</summary>
        public async Task<List<QueueMessage>> SubmitDeferredAsync(string domain, int count, int recipients = 1)
        {
            var pf = await StartedAsync();
            for (var i = 0; i < count; i++)
            {
                await pf.SendMailAsync($"s{i}@{domain}", [.. Enumerable.Range(1, recipients).Select(r => $"r{r}.{i}@retry.test")]);
            }

            var spool = new QueueSpool(QueueSpoolSettings.Load(pf.ConfigDirectory));
            var selection = QueueSelection.SenderDomain(domain);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var mine = spool.Read().Where(selection.Matches).ToList();
                if (mine.Count == count && mine.All(m => m.Queue == QueueName.Deferred))
                {
                    return [.. mine.OrderBy(m => m.Sender, StringComparer.Ordinal)];
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"{domain}: messages did not all reach deferred");
        }

        public async ValueTask InitializeAsync()
        {
            if (Programs.Any(p => Tool.Find(p) is null))
            {
                return;
            }

            _pf = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions { Transport = "retry.test retry:4.3.2 simulated outage\n" });
        }

        public async ValueTask DisposeAsync()
        {
            if (_pf is not null)
            {
                await _pf.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The real runner with faults: <see cref="BeforePostsuper"/> runs before the Nth postsuper starts;
    /// <see cref="KillPostsuperAfterLines"/> lets postsuper read only that many IDs, waits until it has reported them,
    /// then kills it with SIGKILL (the library then sees a broken pipe and a killed process).
    /// </summary>
    private sealed class FaultRunner : IProcessRunner
    {
        private readonly ProcessRunner _real = new();

        public int PostsuperStarts { get; private set; }

        public int? KillPostsuperAfterLines { get; init; }

        public Func<int, Task>? BeforePostsuper { get; init; }

        public IRunningProcess Start(string program, IReadOnlyList<string> arguments)
        {
            if (Path.GetFileName(program) != "postsuper")
            {
                return _real.Start(program, arguments);
            }

            PostsuperStarts++;
            BeforePostsuper?.Invoke(PostsuperStarts).GetAwaiter().GetResult();
            var process = _real.Start(program, arguments);
            return KillPostsuperAfterLines is { } lines ? new KillingProcess(process, lines) : process;
        }
    }

    private sealed class KillingProcess(IRunningProcess inner, int lines) : IRunningProcess
    {
        private readonly TeeStream _stderr = new(inner.StandardError);

        public Stream StandardInput => field ??= new LimitedInput(this, lines);

        public Stream StandardOutput => inner.StandardOutput;

        public Stream StandardError => _stderr;

        public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => inner.WaitForExitAsync(cancellationToken);

        public void Kill() => inner.Kill();

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        /// <summary>Forwards the first N lines, waits until postsuper reported N IDs on stderr, then SIGKILL.</summary>
        private sealed class LimitedInput(KillingProcess owner, int lines) : Stream
        {
            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Flush() => owner.Inner.StandardInput.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var end = 0;
                var seen = 0;
                var span = buffer.Span;
                while (end < span.Length && seen < lines)
                {
                    if (span[end++] == (byte)'\n')
                    {
                        seen++;
                    }
                }

                var stdin = owner.Inner.StandardInput;
                await stdin.WriteAsync(buffer[..end], cancellationToken);
                await stdin.FlushAsync(cancellationToken);
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (owner._stderr.Lines < lines && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(20, cancellationToken);
                }

                owner.Kill();
                throw new IOException("Broken pipe");
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        }

        private IRunningProcess Inner => inner;
    }

    /// <summary>Passes stderr through and counts the line ends seen so far.</summary>
    private sealed class TeeStream(Stream inner) : Stream
    {
        private int _lines;

        public int Lines => Volatile.Read(ref _lines);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count), buffer.AsSpan(offset));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Count(await inner.ReadAsync(buffer, cancellationToken), buffer.Span);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n, ReadOnlySpan<byte> data)
        {
            Interlocked.Add(ref _lines, data[..n].Count((byte)'\n'));
            return n;
        }
    }

    /// <summary>
    /// Fault injection through <see cref="System.IO.Abstractions.IFileSystem"/>: listing one directory fails with
    /// EACCES, as a 0700 queue directory does for a non-root user (root, which runs these tests, is never refused).
    /// </summary>
    public class DenyingProxy : System.Reflection.DispatchProxy
    {
        private object _inner = null!;
        private string _denied = null!;

        public static System.IO.Abstractions.IFileSystem FileSystem(System.IO.Abstractions.IFileSystem inner, string denied)
        {
            var fs = Create<System.IO.Abstractions.IFileSystem, DenyingProxy>();
            ((DenyingProxy)(object)fs)._inner = inner;
            ((DenyingProxy)(object)fs)._denied = denied;
            return fs;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == "get_Directory" && _inner is System.IO.Abstractions.IFileSystem fs)
            {
                var directory = Create<System.IO.Abstractions.IDirectory, DenyingProxy>();
                ((DenyingProxy)(object)directory)._inner = fs.Directory;
                ((DenyingProxy)(object)directory)._denied = _denied;
                return directory;
            }

            if (targetMethod.Name.StartsWith("Enumerate", StringComparison.Ordinal) && args is [string path, ..] && path.TrimEnd('/') == _denied)
            {
                throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
