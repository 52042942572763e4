namespace Postfix.Cli.Tests;

public sealed class CliApplicationTests
{
    [Fact]
    public async Task Run_Help_ListsEveryVerbAndExitsZero()
    {
        var (code, stdout, stderr, _) = await CliRun.RunAsync(["--help"]);
        Assert.Equal(0, code);
        Assert.Empty(stderr);
        foreach (var verb in new[] { "postconf", "postmap", "check", "queue", "fingerprint", "tls", "dhparam" })
        {
            Assert.Contains($"  {verb} ", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_NoArguments_PrintsHelpAndExitsTwo()
    {
        var (code, stdout, _, _) = await CliRun.RunAsync([]);
        Assert.Equal(2, code);
        Assert.StartsWith("postfix-net ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Version_PrintsSemanticVersion()
    {
        var (code, stdout, _, _) = await CliRun.RunAsync(["--version"]);
        Assert.Equal(0, code);
        Assert.Matches(@"^postfix-net \d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\n$", stdout);
    }

    [Fact]
    public async Task Run_UnknownVerb_ErrorOnStderrWithoutStackTrace()
    {
        var (code, stdout, stderr, _) = await CliRun.RunAsync(["frobnicate", "-x"]);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("postfix-net: unknown command 'frobnicate'. Run 'postfix-net --help' for the list.\n", stderr);
        Assert.DoesNotContain(" at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_VerbHelp_PrintsUsage()
    {
        foreach (var command in CliApplication.Commands)
        {
            var (code, stdout, _, _) = await CliRun.RunAsync([command.Name, "--help"]);
            Assert.Equal(0, code);
            Assert.Contains(command.Name, stdout, StringComparison.Ordinal);
        }
    }
}
