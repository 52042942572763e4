using Postfix.Testing;

namespace Postfix.Cli.Tests.Queue;

/// <summary><c>postfix-net postcat</c> against the real postcat 3.7.11: stdout bytes, stderr and exit status, errors included.</summary>
public sealed class PostcatCommandTests : IDisposable
{
    private readonly string _dir;

    public PostcatCommandTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "pfnet-postcat-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(_dir, "etc"));
        File.WriteAllText(Path.Combine(_dir, "etc", "main.cf"), $"queue_directory = {_dir}/spool\n");
        RealPostfix.Age(Path.Combine(_dir, "etc", "main.cf"));
        Directory.CreateDirectory(Path.Combine(_dir, "spool", "deferred", "6"));
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "queuefiles")))
        {
            File.Copy(f, Path.Combine(_dir, Path.GetFileName(f)));
        }

        File.Copy(Path.Combine(_dir, "m01-simple.bin"), Path.Combine(_dir, "spool", "deferred", "6", "61ECFB26644"));
        File.WriteAllText(Path.Combine(_dir, "notqueue.txt"), "hello\n");
        File.WriteAllBytes(Path.Combine(_dir, "empty.bin"), []);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("m01-simple.bin")]
    [InlineData("-e m01-simple.bin")]
    [InlineData("-odb m01-simple.bin")]
    [InlineData("-s 273 m01-simple.bin")]
    [InlineData("-s 5 m01-simple.bin")]
    [InlineData("-s 12x m01-simple.bin")]
    [InlineData("-x m01-simple.bin")]
    [InlineData("-n m01-simple.bin")]
    [InlineData("-s")]
    [InlineData("nosuchfile.bin")]
    [InlineData("m01-simple.bin nosuchfile.bin")]
    [InlineData("notqueue.txt m01-simple.bin")]
    [InlineData("empty.bin")]
    [InlineData("empty.bin m01-simple.bin")]
    [InlineData("-e empty.bin -h m01-simple.bin")]
    [InlineData("-h s07-bad-size-record.bin")]
    [InlineData("-vr m15-milter-edits.bin")]
    [InlineData("-q 61ECFB26644")]
    [InlineData("-q -o 61ECFB26644")]
    [InlineData("-q 61ECFB26645")]
    [InlineData("-q bad.id")]
    [InlineData("-q 61ECFB26644 61ECFB26645")]
    public async Task Postcat_EqualsRealPostcat(string arguments)
    {
        RealPostfix.Require("postcat");
        var args = new List<string> { "-c", Path.Combine(_dir, "etc") };
        args.AddRange(arguments.Split(' '));
        var environment = new Dictionary<string, string> { ["TZ"] = "UTC" };
        var real = await Tool.RunAsync("postcat", args, environment: environment, workingDirectory: _dir);
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _dir;
        try
        {
            var ours = await CliRun.RunAsync(["postcat", .. args], environment: environment);
            Assert.Equal(real.Stdout, ours.StdoutBytes);
            var realErr = real.StderrText;
            if (arguments.Contains("-v", StringComparison.Ordinal))
            {
                realErr = string.Concat(realErr.Split('\n').Where(l => l.Contains("warning:", StringComparison.Ordinal) || l.Contains("fatal:", StringComparison.Ordinal)).Select(l => l + "\n"));
            }

            Assert.Equal(realErr, ours.Stderr);
            Assert.Equal(real.ExitCode, ours.ExitCode);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public async Task Postcat_NoMainCf_IsFatalLikePostcat()
    {
        RealPostfix.Require("postcat");
        var args = new[] { "-c", _dir, Path.Combine(_dir, "m01-simple.bin") };
        var real = await Tool.RunAsync("postcat", args);
        var ours = await CliRun.RunAsync(["postcat", .. args]);
        Assert.Equal(real.StderrText, ours.Stderr);
        Assert.Equal(real.ExitCode, ours.ExitCode);
    }
}
