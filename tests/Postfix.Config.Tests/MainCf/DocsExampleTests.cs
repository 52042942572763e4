using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Config.IO;
using Postfix.Config.MainCf;

namespace Postfix.Config.Tests.MainCf;

/// <summary>The examples of docs/maincf.md, run as written.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public async Task ReadmeExample_SeedRecipes_GiveExpectedFile()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/etc/postfix/main.cf", new MockFileData(
            "mynetworks = 127.0.0.0/8\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n    # inner comment\n    permit_sasl_authenticated,\n    reject_unauth_destination\n"));
        var store = new ConfigFileStore(fs);

        var main = await MainCfDocument.LoadAsync("/etc/postfix/main.cf", fs, cancellationToken: TestContext.Current.CancellationToken);
        main = main
            .Set("smtpd_tls_dh1024_param_file", "${config_directory}/dh2048.pem")
            .Set("inet_protocols", "all")
            .AddListItem("mynetworks", "[::1]/128")
            .AddListItem("smtpd_recipient_restrictions", "check_sender_access hash:/etc/postfix/access", before: "reject_unauth_destination");
        await main.SaveAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            "mynetworks = 127.0.0.0/8, [::1]/128\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n    # inner comment\n    permit_sasl_authenticated,\n"
            + "    check_sender_access hash:/etc/postfix/access,\n    reject_unauth_destination\n"
            + "smtpd_tls_dh1024_param_file = ${config_directory}/dh2048.pem\ninet_protocols = all\n",
            Encoding.UTF8.GetString(fs.File.ReadAllBytes("/etc/postfix/main.cf")));
    }

    [Fact]
    public async Task SaveAsync_FileChangedSinceLoad_Refused()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/cfg/main.cf", new MockFileData("a = 1\n"));
        var store = new ConfigFileStore(fs);
        var main = await MainCfDocument.LoadAsync("/cfg/main.cf", fs, cancellationToken: TestContext.Current.CancellationToken);
        fs.File.WriteAllText("/cfg/main.cf", "a = 2\n");
        await Assert.ThrowsAsync<FileChangedException>(() => main.Set("b", "1").SaveAsync(TestContext.Current.CancellationToken));
        await main.Set("b", "1").SaveAsync(new SaveOptions { Force = true, BackupSuffix = ".bak" }, TestContext.Current.CancellationToken);
        Assert.Equal("a = 1\nb = 1\n", fs.File.ReadAllText("/cfg/main.cf"));
        Assert.Equal("a = 2\n", fs.File.ReadAllText("/cfg/main.cf.bak"));
    }
}
