using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Config.IO;
using Postfix.Config.MainCf;
using Postfix.Crypto.Dh;
using Postfix.Testing;

namespace Postfix.Cli.Tests;

/// <summary>The forward-secrecy recipe of docs/dh.md, as written there.</summary>
public sealed class DhRecipeTests
{
    [Fact]
    public async Task Recipe_GenerateSaveAndPointMainCf_PostconfSeesIt()
    {
        RealPostfix.Require("postconf");
        var dir = Directory.CreateTempSubdirectory("pfnet-dh-recipe");
        try
        {
            var mainCf = Path.Combine(dir.FullName, "main.cf");
            var dhFile = Path.Combine(dir.FullName, "dh2048.pem");
            await File.WriteAllTextAsync(mainCf, "# test\nsmtpd_tls_security_level = may\n", TestContext.Current.CancellationToken);
            RealPostfix.Age(mainCf);

            // --- recipe (docs/dh.md, "The same from C#") ---
            var dh = DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 2048, Seed = Encoding.ASCII.GetBytes("postfix-net dh tests") }, null, TestContext.Current.CancellationToken);
            var store = new ConfigFileStore();
            await store.SaveAsync(dhFile, dh.ToPemBytes(), cancellationToken: TestContext.Current.CancellationToken);
            var main = await MainCfDocument.LoadAsync(mainCf, cancellationToken: TestContext.Current.CancellationToken);
            await main.Set("smtpd_tls_dh1024_param_file", dhFile).SaveAsync(TestContext.Current.CancellationToken);
            // --- end of recipe ---

            var r = await Tool.RunAsync("postconf", ["-c", dir.FullName, "-h", "smtpd_tls_dh1024_param_file"]);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(dhFile + "\n", r.StdoutText);
            Assert.Equal("# test\nsmtpd_tls_security_level = may\nsmtpd_tls_dh1024_param_file = " + dhFile + "\n", await File.ReadAllTextAsync(mainCf, TestContext.Current.CancellationToken));
            Assert.Equal(dh, DhParameters.ParsePem(await File.ReadAllTextAsync(dhFile, TestContext.Current.CancellationToken)));
            Assert.Equal(["dh2048.pem", "main.cf"], Directory.GetFiles(dir.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Recipe_Regenerate_OldOrNewNeverPartial()
    {
        // Regeneration replaces the file whole: a reader sees the old complete file until the rename, then the new one.
        var fs = new MockFileSystem();
        fs.Directory.CreateDirectory("/etc/postfix");
        var store = new ConfigFileStore(fs);
        var first = DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 512, Seed = [1] }, null, TestContext.Current.CancellationToken);
        var second = DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 512, Seed = [2] }, null, TestContext.Current.CancellationToken);
        await store.SaveAsync("/etc/postfix/dh.pem", first.ToPemBytes(), cancellationToken: TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync("/etc/postfix/dh.pem", second.ToPemBytes(), cancellationToken: cts.Token));
        Assert.Equal(first, DhParameters.ParsePem(fs.File.ReadAllText("/etc/postfix/dh.pem")));
        await store.SaveAsync("/etc/postfix/dh.pem", second.ToPemBytes(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(second, DhParameters.ParsePem(fs.File.ReadAllText("/etc/postfix/dh.pem")));
        Assert.Single(fs.Directory.GetFiles("/etc/postfix"));
    }
}
