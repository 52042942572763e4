using System.IO.Abstractions.TestingHelpers;

namespace Postfix.Cli.Tests;

public sealed class MasterCfCheckerTests
{
    [Fact]
    public async Task Check_BadMasterCf_PrintsMasterCfDiagnosticsAndFails()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            ["/cfg/main.cf"] = new(string.Empty),
            ["/cfg/master.cf"] = new("smtp inet n - y - - smtpd\n25 inet n - y - - smtpd\nx unix yes - n - - x\n"),
        });
        var (code, stdout, _, _) = await CliRun.RunAsync(["check", "-c", "/cfg"], fileSystem: fs);
        Assert.Equal(1, code);
        Assert.Equal(
            "/cfg/master.cf(2,1): warning PFC2011: duplicate master.cf entry for service \"smtp\" (25) -- using the last entry\n"
            + "/cfg/master.cf(3,8): error PFC2004: field \"private\": bad value: \"yes\"\n",
            stdout);
    }

    [Fact]
    public async Task Check_GoodMasterCf_Succeeds()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            ["/cfg/main.cf"] = new(string.Empty),
            ["/cfg/master.cf"] = new("smtp inet n - y - - smtpd\n  -o { smtpd_tls_security_level = may }\n"),
        });
        var (code, stdout, _, _) = await CliRun.RunAsync(["check", "-q", "-c", "/cfg"], fileSystem: fs);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(0, code);
    }
}
