using System.Diagnostics;
using Postfix.Queue.Files;
using Postfix.Testing;

namespace Postfix.Queue.Tests.Files;

/// <summary>
/// Damaged files whose size record sends postcat back to content it has read (TestData/QueueFiles/damaged/c*.bin, found
/// by the damaged-file property): real postcat then prints the same records forever, ours stops with a fatal error
/// once it is back where it was in the same state (docs/queue.md, deviations). Checked against the real postcat for
/// every flag set: where ours stops, postcat must still be printing, and our output must be the start of its output;
/// where ours ends normally, the two must be identical. The test fails once postcat stops looping.
/// </summary>
public sealed class PostcatSizeRecordLoopTests : IDisposable
{
    private const string LoopText = "postcat would repeat this output forever";
    private static readonly string[] FlagSets = ["", "-e", "-h", "-b", "-eo", "-eh", "-bh", "-ehb", "-v", "-ev", "-er"];
    private readonly string _config = Directory.CreateTempSubdirectory("pfnet-postcat-").FullName;

    public PostcatSizeRecordLoopTests()
    {
        File.WriteAllText(Path.Combine(_config, "main.cf"), string.Empty);
    }

    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "damaged"), "c*.bin").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Files))]
    public async Task SizeRecordLoop_PostcatRepeatsForever_OursStopsAfterTheSameOutput(string name)
    {
        RealPostfix.Require("postcat");
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "damaged", name);
        var loops = 0;
        foreach (var flags in FlagSets)
        {
            var (stdout, stderr, code) = await Task.Run(() => PostcatCorpusTests.Postcat(flags.TrimStart('-'), path, name), TestContext.Current.CancellationToken);
            var args = new List<string> { "-c", _config };
            if (flags.Length > 0)
            {
                args.Add(flags);
            }

            args.Add(name);
            if (stderr.Contains(LoopText, StringComparison.Ordinal))
            {
                loops++;
                Assert.Equal(1, code);
                var (realStart, exited) = await ReadStartAsync(args, Path.GetDirectoryName(path)!, stdout.Length + (4 << 20));
                Assert.False(exited, $"postcat {flags} {name} ended: the deviation is gone, update docs/queue.md");
                Assert.Equal(stdout, realStart[..stdout.Length]);
            }
            else
            {
                var real = await Tool.RunAsync("postcat", args, environment: new Dictionary<string, string> { ["TZ"] = "UTC" }, workingDirectory: Path.GetDirectoryName(path)!, timeout: TimeSpan.FromSeconds(60));
                Assert.Equal(real.ExitCode, code);
                Assert.Equal(real.Stdout, stdout);
                Assert.Equal(string.Concat(real.StderrText.Split('\n').Where(l => l.StartsWith("postcat: warning: ", StringComparison.Ordinal) || l.StartsWith("postcat: fatal: ", StringComparison.Ordinal)).Select(l => l + "\n")), stderr);
            }
        }

        Assert.True(loops > 0, $"{name} no longer loops for any flag set");
    }

    /// <summary>Reads the first <paramref name="bytes"/> bytes of postcat's output, then kills it if it still runs.</summary>
    private static async Task<(byte[] Start, bool Exited)> ReadStartAsync(List<string> args, string directory, int bytes)
    {
        var psi = new ProcessStartInfo("postcat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        psi.Environment["TZ"] = "UTC";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var drain = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        var buffer = new byte[bytes];
        var have = 0;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        while (have < bytes)
        {
            var n = await process.StandardOutput.BaseStream.ReadAsync(buffer.AsMemory(have), limit.Token);
            if (n == 0)
            {
                break;
            }

            have += n;
        }

        var exited = have < bytes;
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await drain;
        return (buffer[..have], exited);
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);
}
