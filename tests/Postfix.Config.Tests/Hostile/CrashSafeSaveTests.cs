using System.Diagnostics;
using System.Text;
using Postfix.Config.IO;
using Postfix.SaveChild;
using Postfix.Testing;

namespace Postfix.Config.Tests.Hostile;

/// <summary>
/// Kills a real child process (SIGKILL) at random moments while it saves a file through <see cref="ConfigFileStore"/>
/// in a loop, 200 times. After every kill the file must be exactly one whole version (old or new, never torn), and a
/// temporary file may be left behind only where <see cref="ConfigFileStore.FindLeftoverTemporaryFile"/> reports it.
/// </summary>
public sealed class CrashSafeSaveTests
{
    /// <summary>200 kills (PFNET_CRASH_KILLS overrides, for debugging only).</summary>
    private static readonly int Kills = int.TryParse(Environment.GetEnvironmentVariable("PFNET_CRASH_KILLS"), out var k) ? k : 200;

    [Fact]
    public async Task SaveAsync_ChildKilledAtRandomPoints_FileIsAlwaysOneWholeVersion()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "SIGKILL harness runs on Linux");
        var child = Path.Combine(AppContext.BaseDirectory, "Postfix.SaveChild.dll");
        Assert.True(File.Exists(child), $"missing {child}");
        var dir = Directory.CreateTempSubdirectory("pfnet-crash-");
        try
        {
            var path = Path.Combine(dir.FullName, "main.cf");
            await File.WriteAllBytesAsync(path, Versions.Content(0), TestContext.Current.CancellationToken);
            var store = new ConfigFileStore();
            var random = new Random(18);
            long last = 0;
            var advanced = 0;
            var leftovers = 0;
            for (var i = 0; i < Kills; i++)
            {
                using var process = Process.Start(new ProcessStartInfo("dotnet")
                {
                    ArgumentList = { "exec", child, path },
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                })!;
                var ready = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
                if (ready != "ready")
                {
                    // Only now: reading stderr to the end waits for the child to exit.
                    Assert.Fail($"kill {i}: child did not start: {ready} {await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken)}");
                }

                // Each save writes 64-832 KB and fsyncs, so these delays land before, inside and between saves.
                await Task.Delay(random.Next(0, 40), TestContext.Current.CancellationToken);
                process.Kill(); // SIGKILL on Unix
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);

                var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
                var version = Versions.Parse(bytes);
                Assert.True(version is not null, $"kill {i}: {path} has no version header (torn file, {bytes.Length} bytes)");
                Assert.True(Versions.Content(version.Value).AsSpan().SequenceEqual(bytes), $"kill {i}: {path} claims version {version} but is not that version byte for byte");
                Assert.True(version.Value >= last, $"kill {i}: version went back from {last} to {version}");
                advanced += version.Value > last ? 1 : 0;
                last = version.Value;

                var others = Directory.GetFiles(dir.FullName).Select(Path.GetFileName).Where(n => n != "main.cf").ToList();
                if (others.Count > 0)
                {
                    Assert.Equal(["main.cf.tmp"], others);
                    Assert.Equal(path + ".tmp", store.FindLeftoverTemporaryFile(path));
                    leftovers++;
                }
                else
                {
                    Assert.Null(store.FindLeftoverTemporaryFile(path));
                }
            }

            // The harness must have hit saves in progress and let saves complete, or it tested nothing.
            Assert.True(leftovers > 0, "no kill landed inside a save");
            Assert.True(advanced > 0, "no save completed between kills");
            TestContext.Current.SendDiagnosticMessage($"{Kills} kills: {advanced} advanced the file, {leftovers} left main.cf.tmp (reported), final version {last}");

            // The next save reuses a leftover temporary file and removes nothing else.
            var loaded = await store.LoadAsync(path, TestContext.Current.CancellationToken);
            await store.SaveAsync(path, Versions.Content(last + 1), loaded.Stamp, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(["main.cf"], Directory.GetFiles(dir.FullName).Select(Path.GetFileName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Real <c>postconf -e</c> processes and saves through <see cref="ConfigFileStore"/> (load, edit, save with the
    /// loaded stamp; reload and redo on <see cref="FileChangedException"/>) race on one main.cf. Every update that
    /// either side reported as done must be in the final file.
    /// </summary>
    [Fact]
    public async Task SaveAsync_RacingRealPostconfEdits_NoUpdateIsLost()
    {
        RealPostfix.Require("postconf");
        var dir = Directory.CreateTempSubdirectory("pfnet-race-");
        try
        {
            var path = Path.Combine(dir.FullName, "main.cf");
            await File.WriteAllTextAsync(path, "# race\nmyhostname = race.example\n", TestContext.Current.CancellationToken);
            const int Rounds = 40;
            var postconf = Task.Run(
                async () =>
                {
                    for (var j = 0; j < Rounds; j++)
                    {
                        var r = await Tool.RunAsync(RealPostfix.Postconf!, ["-c", dir.FullName, "-e", $"theirs_{j} = {j}"]);
                        Assert.True(r.ExitCode == 0, $"postconf -e theirs_{j}: {r.StderrText}");
                    }
                },
                TestContext.Current.CancellationToken);
            var store = new ConfigFileStore();
            var refused = 0;
            for (var i = 0; i < Rounds; i++)
            {
                while (true)
                {
                    var doc = await Postfix.Config.MainCf.MainCfDocument.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken);
                    var edited = Encoding.UTF8.GetBytes(doc.ToString() + $"ours_{i} = {i}\n");
                    try
                    {
                        await store.SaveAsync(path, edited, doc.Stamp, cancellationToken: TestContext.Current.CancellationToken);
                        break;
                    }
                    catch (FileChangedException)
                    {
                        refused++; // postconf got there first: reload and redo, as a caller must.
                    }
                }
            }

            await postconf;
            var final = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
            for (var k = 0; k < Rounds; k++)
            {
                Assert.Contains($"\nours_{k} = {k}\n", final, StringComparison.Ordinal);
                Assert.Contains($"\ntheirs_{k} = {k}\n", final, StringComparison.Ordinal);
            }

            Assert.False(File.Exists(path + ".tmp"), "main.cf.tmp left behind");
            TestContext.Current.SendDiagnosticMessage($"{Rounds}+{Rounds} edits, {refused} of ours refused as changed-since-load and redone");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
