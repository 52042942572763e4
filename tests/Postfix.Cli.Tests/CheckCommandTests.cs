using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using System.Text;

namespace Postfix.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_SampleConfiguration_NoErrors()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "postfix");
        var (code, stdout, _) = await RunAsync(new FileSystem(), ["check", "-c", dir]);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Check_BrokenMainCf_PrintsEveryDiagnosticAndFails()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/etc/pf/main.cf", new MockFileData(Encoding.UTF8.GetBytes("  indented = 1\nmyhostname = a\nmyhostname = b\nmy hostname = c\n= d\n")));
        fs.AddFile("/etc/pf/master.cf", new MockFileData(string.Empty));
        var (code, stdout, _) = await RunAsync(fs, ["check", "-c", "/etc/pf"]);
        Assert.Equal(
            "/etc/pf/main.cf(1,1): warning PFC1003: logical line must not start with whitespace: \"  indented = 1\"\n"
            + "/etc/pf/main.cf(3,1): warning PFC1004: overriding earlier entry: myhostname=a\n"
            + "/etc/pf/main.cf(4,3): error PFC1001: missing '=' after attribute name: \"my hostname = c\"\n"
            + "/etc/pf/main.cf(5,1): error PFC1002: missing attribute name: \"= d\"\n",
            stdout);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Check_WarningsOnly_ExitZero()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/cfg/main.cf", new MockFileData("relayhost = 1\nrelayhost = 2\n"));
        fs.AddFile("/cfg/master.cf", new MockFileData(string.Empty));
        var (code, stdout, _) = await RunAsync(fs, ["check"], new Dictionary<string, string> { ["MAIL_CONFIG"] = "/cfg" });
        Assert.Equal("/cfg/main.cf(2,1): warning PFC1004: overriding earlier entry: relayhost=1\n", stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Check_MissingMainCf_ErrorDiagnostic()
    {
        var (code, stdout, _) = await RunAsync(new MockFileSystem(), ["check", "-c", "/nowhere"]);
        Assert.Equal(
            "/nowhere/main.cf(1,1): error PFC1006: cannot read main.cf: No such file or directory\n"
            + "/nowhere/master.cf(1,1): error " + Postfix.Config.MasterCf.MasterCfDiagnosticCodes.CannotRead + ": cannot read master.cf: No such file or directory\n",
            stdout);
        Assert.Equal(1, code);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(IFileSystem fs, string[] args, IReadOnlyDictionary<string, string>? env = null)
    {
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var context = new CliContext(stdin, stdout, stderr, fs, n => env?.GetValueOrDefault(n), CancellationToken.None);
        var code = await CliApplication.RunAsync(args, context);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }
}
