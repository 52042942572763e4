namespace Postfix.Cli.Tests.Recipes;

public sealed class RecipeCommandTests
{
    [Fact]
    public async Task DryRun_PrintsTheDiffAndPlannedPostmap_ChangesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("pfnet-recipe-dry");
        try
        {
            await File.WriteAllTextAsync(dir.FullName + "/main.cf", "myhostname = mail.example.com\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(dir.FullName + "/master.cf", "", TestContext.Current.CancellationToken);

            var (code, stdout, _, _) = await CliRun.RunAsync(["recipe", "block-sender", "spam.example", "--dry-run", "-c", dir.FullName]);

            Assert.Equal(0, code);
            Assert.Contains("+smtpd_sender_restrictions = check_sender_access hash:" + dir.FullName + "/sender_access\n", stdout, StringComparison.Ordinal);
            Assert.Contains("+spam.example REJECT\n", stdout, StringComparison.Ordinal);
            Assert.Contains("would run: postmap hash:" + dir.FullName + "/sender_access\n", stdout, StringComparison.Ordinal);
            Assert.Equal("myhostname = mail.example.com\n", await File.ReadAllTextAsync(dir.FullName + "/main.cf", TestContext.Current.CancellationToken));
            Assert.False(File.Exists(dir.FullName + "/sender_access"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("recipe")]
    [InlineData("recipe no-such-recipe")]
    [InlineData("recipe block-sender")]
    [InlineData("recipe tls-pin [mx.example]:25")]
    [InlineData("recipe ipv6 --bogus")]
    public async Task BadArguments_AreUsageErrors(string line)
    {
        var (code, _, stderr, _) = await CliRun.RunAsync(line.Split(' '));

        Assert.Equal(2, code);
        Assert.StartsWith("postfix-net recipe", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_NothingApplied_SaysSo()
    {
        var dir = Directory.CreateTempSubdirectory("pfnet-recipe-undo");
        try
        {
            await File.WriteAllTextAsync(dir.FullName + "/main.cf", "", TestContext.Current.CancellationToken);
            var (code, stdout, _, _) = await CliRun.RunAsync(["recipe", "undo", "-c", dir.FullName]);
            Assert.Equal(0, code);
            Assert.Equal("nothing to undo\n", stdout);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
