using System.Text;
using Postfix.Config.Apply;
using Postfix.Config.Processes;
using Postfix.Testing;

namespace Postfix.Config.Tests.Apply;

/// <summary>The change set against a private running Postfix, with the real postfix, postmap and reload.</summary>
[Collection("sandbox")]
public sealed class ChangeSetSandboxTests
{
    [Fact]
    public async Task CommitAsync_FailureInjectedAtWriteCheckPostmapAndReload_EveryFileByteIdenticalAndNoReloadLogged()
    {
        RealPostfix.Require("postfix", "postmap");
        await using var box = await PostfixSandbox.CreateAsync();
        await box.StartAsync();
        var before = Snapshot(box.ConfigDirectory);
        var reloadsBefore = Count(await box.ReadLogAsync(), "reload -- version");

        foreach (var failAt in new[] { "write", "check", "postmap", "reload" })
        {
            var runner = new FailingRunner(ProcessRunner.Instance, failAt);
            var fs = new FaultyFileSystem(new System.IO.Abstractions.FileSystem());
            var set = ChangeSet.Open(box.ConfigDirectory, new ChangeSetOptions { Runner = runner, FileSystem = fs });
            ConfigRecipes.BlockSender(set, "hacked@lists.example.org", "compromised");
            ConfigRecipes.ForceAddressFamily(set, "v6.test", Postfix.Config.MasterCf.InetProtocolFamily.IPv6);
            if (failAt == "write")
            {
                // The last file written: main.cf, sender_access and master.cf are already replaced when it fails.
                Assert.Equal(box.ConfigDirectory + "/transport", set.Changes[^1].Path);
                fs.FailMoveTo.Add(box.ConfigDirectory + "/transport");
            }

            var result = await set.CommitAsync(TestContext.Current.CancellationToken);

            Assert.False(result.Succeeded, failAt);
            Assert.Equal(failAt switch { "write" => CommitStep.Write, "check" => CommitStep.PostfixCheck, "postmap" => CommitStep.BuildTables, _ => CommitStep.Reload }, result.FailedStep);
            Assert.Equal(before, Snapshot(box.ConfigDirectory));
            Assert.True(failAt == "write" ? fs.FailMoveTo.Count == 0 : runner.Injected, failAt);
            if (failAt == "write")
            {
                Assert.Contains(box.ConfigDirectory + "/main.cf", result.Restored);
                Assert.Contains(box.ConfigDirectory + "/master.cf", result.Restored);
            }
        }

        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal(reloadsBefore, Count(await box.ReadLogAsync(), "reload -- version"));
        Assert.Equal(0, (await box.PostfixAsync("status")).ExitCode);

        // And the same change, without a fault, goes through: written, built with postmap, reloaded once.
        var ok = ChangeSet.Open(box.ConfigDirectory);
        ConfigRecipes.BlockSender(ok, "hacked@lists.example.org", "compromised");
        var done = await ok.CommitAsync(TestContext.Current.CancellationToken);
        Assert.True(done.Succeeded, done.Error);
        Assert.True(File.Exists(box.ConfigDirectory + "/sender_access.db"));
        Assert.True(await box.WaitForLogAsync("reload -- version"));
        var q = await Tool.RunAsync("postmap", ["-c", box.ConfigDirectory, "-q", "hacked@lists.example.org", "hash:" + box.ConfigDirectory + "/sender_access"]);
        Assert.Equal("REJECT compromised\n", q.StdoutText);

        // Undo puts main.cf back, removes the new table and its database, and reloads.
        var undo = ChangeSet.OpenUndo(box.ConfigDirectory);
        Assert.NotNull(undo);
        var undone = await undo.CommitAsync(TestContext.Current.CancellationToken);
        Assert.True(undone.Succeeded, undone.Error);
        Assert.Equal(before, Snapshot(box.ConfigDirectory));
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static SortedDictionary<string, string> Snapshot(string directory)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(directory))
        {
            if (!Path.GetFileName(path).StartsWith(".postfix-net", StringComparison.Ordinal))
            {
                result[path] = Convert.ToHexString(File.ReadAllBytes(path));
            }
        }

        return result;
    }

    /// <summary>The real runner, except that the first command whose last argument is <c>check</c>/<c>reload</c> (or the first postmap) fails.</summary>
    private sealed class FailingRunner(IProcessRunner inner, string failAt) : IProcessRunner
    {
        public bool Injected { get; private set; }

        public IRunningProcess Start(string program, IReadOnlyList<string> arguments)
        {
            var hit = failAt == "postmap" ? program == "postmap" : program == "postfix" && arguments[^1] == failAt;
            if (hit && !Injected)
            {
                Injected = true;
                return new Failed();
            }

            return inner.Start(program, arguments);
        }

        private sealed class Failed : IRunningProcess
        {
            public Stream StandardInput { get; } = new MemoryStream();

            public Stream StandardOutput { get; } = new MemoryStream();

            public Stream StandardError { get; } = new MemoryStream(Encoding.ASCII.GetBytes("fatal: injected failure\n"));

            public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => Task.FromResult(1);

            public void Kill()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
