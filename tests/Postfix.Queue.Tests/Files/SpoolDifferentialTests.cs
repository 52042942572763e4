using System.Text;
using Postfix.Queue.Files;
using Postfix.Queue.Selection;
using Postfix.Queue.Writing;
using Postfix.Testing;

namespace Postfix.Queue.Tests.Files;

/// <summary>
/// The frozen real queue (TestData/QueueFiles/spool-real.tar, Postfix 3.7.11) extracted to a fresh directory; the real
/// postqueue, mailq and postcat read it (Postfix stopped: direct queue access) and ours must give the same bytes.
/// </summary>
public sealed class SpoolDifferentialTests : IAsyncLifetime
{
    private static readonly string[] FlagSets = [string.Empty, "-e", "-h", "-b", "-bh", "-o", "-d", "-od", "-oh", "-v", "-vr"];
    private string _root = string.Empty;

    private string Etc => Path.Combine(_root, "etc");

    private string Spool => Path.Combine(_root, "spool");

    public async ValueTask InitializeAsync()
    {
        RealPostfix.Require("postqueue", "postcat");
        _root = Path.Combine(Path.GetTempPath(), "pfnet-spool-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.SetUnixFileMode(_root, (UnixFileMode)Convert.ToInt32("755", 8));
        var tar = await Tool.RunAsync("tar", ["-xf", Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "spool-real.tar"), "-C", _root]);
        Assert.Equal(0, tar.ExitCode);
        Assert.Equal(0, (await Tool.RunAsync("chown", ["-R", "postfix", Spool])).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(Etc, "main.cf"), $"compatibility_level = 3.6\nqueue_directory = {Spool}\nenable_long_queue_ids = yes\n");
        RealPostfix.Age(Path.Combine(Etc, "main.cf"));
    }

    public ValueTask DisposeAsync()
    {
        if (_root.Length > 0 && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Read_RealSpool_JsonAndTextEqualPostqueue()
    {
        var settings = QueueSpoolSettings.Load(Etc);
        var problems = new List<string>();
        var messages = new QueueSpool(settings).Read(new QueueSpoolOptions { Problems = d => problems.Add(d.ToString()) }).ToList();
        Assert.Empty(problems);
        var json = new StringBuilder();
        foreach (var m in messages)
        {
            json.Append(PostqueueJsonWriter.Format(m)).Append('\n');
        }

        var real = await Tool.RunAsync("postqueue", ["-c", Etc, "-j"]);
        Assert.Equal(0, real.ExitCode);
        Assert.Equal(real.StdoutText, json.ToString());
        Assert.Equal(33, messages.Count);

        var text = new StringWriter { NewLine = "\n" };
        var writer = new MailqTextWriter(text, MailqLayout.Long);
        foreach (var m in messages)
        {
            writer.Write(m);
        }

        writer.Complete();
        var realText = await Tool.RunAsync("postqueue", ["-c", Etc, "-p"]);
        Assert.Equal(realText.StdoutText, text.ToString());
    }

    [Fact]
    public async Task PostcatWriter_EveryQueueFileAndFlagSet_EqualsRealPostcatQ()
    {
        var settings = QueueSpoolSettings.Load(Etc);
        var ids = new QueueSpool(settings).Read().Select(m => (m.Id.Value, m.FilePath!)).ToList();
        Assert.NotEmpty(ids);
        var environment = new Dictionary<string, string> { ["TZ"] = "UTC" };
        foreach (var (id, path) in ids)
        {
            var relative = Path.GetRelativePath(Spool, path);
            foreach (var flags in FlagSets)
            {
                var args = new List<string> { "-c", Etc };
                if (flags.Length > 0)
                {
                    args.Add(flags);
                }

                args.AddRange(["-q", id]);
                var real = await Tool.RunAsync("postcat", args, environment: environment);
                var (stdout, stderr, code) = PostcatCorpusTests.Postcat(flags.TrimStart('-'), path, relative);
                Assert.True(real.Stdout.AsSpan().SequenceEqual(stdout), $"postcat {flags} -q {id}: stdout differs");
                Assert.Equal(real.ExitCode, code);
                var realErrors = string.Join(string.Empty, real.StderrText.Split('\n').Where(l => l.Contains("warning:", StringComparison.Ordinal) || l.Contains("fatal:", StringComparison.Ordinal)).Select(l => l + "\n"));
                Assert.Equal(realErrors, stderr);
            }
        }
    }

    [Fact]
    public void ContentSelections_RealSpool_SelectTheRightMessages()
    {
        var settings = QueueSpoolSettings.Load(Etc);
        var messages = new QueueSpool(settings).Read(new QueueSpoolOptions { ReadHeaders = true }).ToList();
        var timeout = TimeSpan.FromSeconds(1);
        Assert.Equal(["19717B263AE"], messages.Where(QueueSelection.SaslUsername(messages.Single(m => m.Id.Value == "19717B263AE").File!.SaslUsername!).Matches).Select(m => m.Id.Value));
        Assert.Equal(["15B2FB263A9"], messages.Where(QueueSelection.Client("192.0.2.0/24").Matches).Select(m => m.Id.Value));
        Assert.Equal(["15B2FB263A9"], messages.Where(QueueSelection.Helo("HELO.example").Matches).Select(m => m.Id.Value));
        Assert.Equal(["61ECFB26644"], messages.Where(QueueSelection.Subject("^tiny$", timeout).Matches).Select(m => m.Id.Value));
        Assert.Contains(messages.Where(QueueSelection.Body("Hello Bob", timeout).Matches), m => m.Id.Value == "61ECFB26644");
        Assert.Contains(messages.Where(QueueSelection.Attribute("rewrite_context", "remote").Matches), m => m.Id.Value == "15B2FB263A9");
        Assert.Throws<InvalidOperationException>(() => QueueSelection.Helo("x").Matches(new QueueMessage { Id = QueueId.Parse("61ECFB26644"), Sender = "a" }));
    }
}
