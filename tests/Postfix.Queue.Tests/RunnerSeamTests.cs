using System.Text;
using ConfigProcesses = Postfix.Config.Processes;

namespace Postfix.Queue.Tests;

/// <summary>
/// One runner seam: Postfix.Config.Processes. The Postfix.Queue 1.0 types derive from it, so a runner of either kind
/// plugs in anywhere and every start ends in the one real runner.
/// </summary>
public sealed class RunnerSeamTests
{
    [Fact]
    public async Task QueueProcessRunner_UsedAsTheConfigSeam_StartsTheRealProgram()
    {
        ConfigProcesses.IProcessRunner runner = Processes.ProcessRunner.Instance;
        await using var process = runner.Start("echo", ["one", "two words"]);
        process.StandardInput.Close();
        var output = await new StreamReader(process.StandardOutput, Encoding.UTF8).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await process.WaitForExitAsync(TestContext.Current.CancellationToken));
        Assert.Equal("one two words\n", output);
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    public void QueueProcessRunner_BadArgument_IsRefusedByTheConfigChecks(string argument)
    {
        var queue = Assert.Throws<ArgumentException>(() => Processes.ProcessRunner.Instance.Start("echo", [argument]));
        var config = Assert.Throws<ArgumentException>(() => ConfigProcesses.ProcessRunner.Instance.Start("echo", [argument]));
        Assert.Equal(config.Message, queue.Message);
        Assert.Throws<ArgumentException>(() => Processes.ProcessArguments.ValidateArgument(argument));
    }

    [Fact]
    public async Task PostfixInstance_ConfigRunner_RunsEveryProgramThroughIt_AndRunnerPresentsIt()
    {
        var runner = new FakeRunner((program, args, stdin) => FakeRunner.Postconf("3.7.11"));
        ConfigProcesses.IProcessRunner seam = runner;
        var instance = new PostfixInstance("/etc/postfix", seam);

        var settings = await instance.GetSettingsAsync(TestContext.Current.CancellationToken);
        await using (instance.Runner.Start("postconf", ["-h", "mail_version"]))
        {
        }

        Assert.Equal("3.7.11", settings.MailVersion);
        Assert.Equal(
            ["postconf -c /etc/postfix -h mail_version empty_address_recipient", "postconf -h mail_version"],
            runner.Started.Select(s => s.Program + " " + string.Join(' ', s.Args)));
    }

    [Fact]
    public void PostfixInstance_LegacyRunner_IsKeptAsIs()
    {
        var instance = new PostfixInstance(null, (Processes.IProcessRunner?)null);
        Assert.Same(Processes.ProcessRunner.Instance, instance.Runner);
        Assert.Throws<ArgumentException>(() => new PostfixInstance("relative/dir", ConfigProcesses.ProcessRunner.Instance));
    }
}
