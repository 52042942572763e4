using System.IO.Abstractions.TestingHelpers;
using Postfix.Config.MasterCf;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>The services database is read through the file system seam, like every other file.</summary>
public sealed class InetServiceNameTests
{
    [Fact]
    public void LoadServices_ServicesFileInMockFileSystem_ReadsTcpEntriesAndAliases()
    {
        var fs = new MockFileSystem(new Dictionary<string, MockFileData>
        {
            ["/etc/services"] = new("# comment\nsmtp\t\t25/tcp\t\tmail\nsmtp\t\t25/udp\nmyproto 4711/tcp alias1 alias2 # trailing\nudponly 99/udp\nbroken x/tcp\n"),
        });

        var services = InetServiceName.LoadServices(fs, "/etc/services");

        Assert.Equal(4711, services["myproto"]);
        Assert.Equal(4711, services["alias1"]);
        Assert.Equal(4711, services["alias2"]);
        Assert.Equal(25, services["mail"]);
        Assert.False(services.ContainsKey("udponly"));
        Assert.False(services.ContainsKey("broken"));
        Assert.Equal(587, services["submission"]); // the built-in mail ports fill the gaps
    }

    [Fact]
    public void LoadServices_NoServicesFile_BuiltInMailPortsOnly()
    {
        var services = InetServiceName.LoadServices(new MockFileSystem(), "/etc/services");

        Assert.Equal(25, services["smtp"]);
        Assert.Equal(465, services["submissions"]);
        Assert.False(services.ContainsKey("ssh"));
    }
}
