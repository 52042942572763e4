using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using System.Text;

namespace Postfix.Cli.Tests;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_SampleConfiguration_SaysWhatItCheckedAndNoProblem()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "postfix");
        var (code, stdout, _) = await RunAsync(new FileSystem(), ["check", "-c", dir]);
        Assert.Equal(
            $"checked {dir}: 5 files, 14 parameters set in main.cf, 20 services in master.cf, 3 lookup tables\n"
            + $"  file  {dir}/main.cf\n"
            + $"  file  {dir}/master.cf\n"
            + $"  file  {dir}/access\n"
            + $"  file  {dir}/header_checks\n"
            + $"  file  {dir}/transport\n"
            + $"  table hash:{dir}/access\n"
            + $"  table hash:{dir}/transport\n"
            + $"  table regexp:{dir}/header_checks\n"
            + "no problems found\n",
            stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Check_SampleConfigurationQuiet_PrintsNothing()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "postfix");
        var (code, stdout, stderr) = await RunAsync(new FileSystem(), ["check", "-q", "-c", dir]);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Check_CleanConfiguration_CountsParametersServicesAndTables()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/etc/pf/main.cf", new MockFileData(
            "myhostname = mail.example.com\nmydomain = example.com\n"
            + "smtpd_sender_restrictions = check_sender_access cidr:/etc/pf/clients.cidr, check_sender_access inline:{a=OK}\n"
            + "header_checks = regexp:/etc/pf/header_checks\n"));
        fs.AddFile("/etc/pf/master.cf", new MockFileData(
            "smtp      inet  n       -       y       -       -       smtpd\n"
            + "submission inet n       -       y       -       -       smtpd\n  -o smtpd_client_restrictions=check_client_access cidr:/etc/pf/clients.cidr\n"
            + "pickup    unix  n       -       y       60      1       pickup\n"));
        fs.AddFile("/etc/pf/clients.cidr", new MockFileData("192.0.2.0/24 OK\n"));
        fs.AddFile("/etc/pf/header_checks", new MockFileData("/^Subject: spam/ DISCARD\n"));
        var (code, stdout, _) = await RunAsync(fs, ["check", "-c", "/etc/pf"]);
        Assert.Equal(
            "checked /etc/pf: 4 files, 4 parameters set in main.cf, 3 services in master.cf, 3 lookup tables\n"
            + "  file  /etc/pf/main.cf\n"
            + "  file  /etc/pf/master.cf\n"
            + "  file  /etc/pf/clients.cidr\n"
            + "  file  /etc/pf/header_checks\n"
            + "  table cidr:/etc/pf/clients.cidr\n"
            + "  table inline:{a=OK}\n"
            + "  table regexp:/etc/pf/header_checks\n"
            + "no problems found\n",
            stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Check_OneParameterNoServices_SingularAndZeroCounts()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/c/main.cf", new MockFileData("myhostname = a.example\n"));
        fs.AddFile("/c/master.cf", new MockFileData(string.Empty));
        var (code, stdout, _) = await RunAsync(fs, ["check", "-c", "/c"]);
        Assert.Equal(
            "checked /c: 2 files, 1 parameter set in main.cf, 0 services in master.cf, 0 lookup tables\n"
            + "  file  /c/main.cf\n"
            + "  file  /c/master.cf\n"
            + "no problems found\n",
            stdout);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Check_QuietWithProblems_StillPrintsEveryDiagnosticAndSameExit()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/cfg/main.cf", new MockFileData("relayhost = 1\nrelayhost = 2\n= x\n"));
        fs.AddFile("/cfg/master.cf", new MockFileData(string.Empty));
        var loud = await RunAsync(fs, ["check", "-c", "/cfg"]);
        var quiet = await RunAsync(fs, ["check", "-q", "-c", "/cfg"]);
        Assert.Equal(
            "/cfg/main.cf(2,1): warning PFC1004: overriding earlier entry: relayhost=1\n"
            + "/cfg/main.cf(3,1): error PFC1002: missing attribute name: \"= x\"\n",
            loud.Stdout);
        Assert.Equal(loud.Stdout, quiet.Stdout);
        Assert.Equal(1, loud.Code);
        Assert.Equal(1, quiet.Code);
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
