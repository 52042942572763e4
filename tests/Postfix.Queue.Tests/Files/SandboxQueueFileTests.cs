using Postfix.Queue.Files;
using Postfix.Queue.Writing;
using Postfix.Testing;

namespace Postfix.Queue.Tests.Files;

/// <summary>A live private Postfix: mail submitted with sendmail ends up deferred; our spool listing and postcat must equal the real ones.</summary>
public sealed class SandboxQueueFileTests
{
    [Fact]
    public async Task LiveSandbox_SpoolListingAndPostcat_EqualRealPostfix()
    {
        RealPostfix.Require("postfix", "postconf", "postqueue", "postcat", "sendmail");
        await using var pf = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions
        {
            Transport = "dead.test smtp:[127.0.0.1]:9\n",
            MainCf = new(StringComparer.Ordinal) { ["delay_warning_time"] = "4h" },
        });
        await pf.StartAsync();
        await pf.SendMailAsync("alice@pftest.test", ["bob@dead.test"], new Dictionary<string, string> { ["X-Folded"] = "one\n\ttwo" }, "caf\u00e9 body\n");
        await pf.SendMailAsync(string.Empty, ["carol@dead.test"]);
        await pf.SendMailAsync("bulk@pftest.test", Enumerable.Range(1, 40).Select(i => $"user{i:D2}@dead.test").ToList(), body: string.Concat(Enumerable.Repeat(new string('x', 3000) + "\n", 50)));
        await pf.WaitForQueueSettledAsync();

        var settings = QueueSpoolSettings.Load(pf.ConfigDirectory);
        var messages = new QueueSpool(settings).Read().ToList();
        Assert.Equal(3, messages.Count);
        var json = string.Concat(messages.Select(m => PostqueueJsonWriter.Format(m) + "\n"));
        var real = await Tool.RunAsync("postqueue", ["-c", pf.ConfigDirectory, "-j"]);
        Assert.Equal(real.StdoutText, json);

        foreach (var m in messages)
        {
            var relative = Path.GetRelativePath(settings.QueueDirectory, m.FilePath!);
            foreach (var flags in new[] { string.Empty, "-e", "-h", "-b", "-o", "-d" })
            {
                var args = new List<string> { "-c", pf.ConfigDirectory };
                if (flags.Length > 0)
                {
                    args.Add(flags);
                }

                args.AddRange(["-q", m.Id.Value]);
                var realCat = await Tool.RunAsync("postcat", args, environment: new Dictionary<string, string> { ["TZ"] = "UTC" });
                var (stdout, stderr, code) = PostcatCorpusTests.Postcat(flags.TrimStart('-'), m.FilePath!, relative);
                Assert.Equal(realCat.Stdout, stdout);
                Assert.Equal(realCat.StderrText, stderr);
                Assert.Equal(realCat.ExitCode, code);
            }
        }
    }
}
