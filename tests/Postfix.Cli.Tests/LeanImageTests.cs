using FsCheck;
using FsCheck.Fluent;

namespace Postfix.Cli.Tests;

/// <summary>
/// Which commands the lean native image runs itself and which it hands to postfix-net-full. The image itself is checked
/// end to end by scripts/check-native-tool.sh in CI (the installed tool and the tarball).
/// </summary>
public sealed class LeanImageTests
{
    private static readonly ICommand[] Lean = CliApplication.LeanCommands();

    [Fact]
    public void TestBuild_IsTheFullTool()
    {
        Assert.False(LeanImage.IsLean);
        Assert.Equal(11, CliApplication.Commands.Count);
    }

    [Fact]
    public void LeanCommands_AreTheShortVerbs_AndEachIsTheFullToolsCommand()
    {
        Assert.Equal(["postconf", "postmap", "postalias", "queue", "postcat", "qshape"], Lean.Select(c => c.Name));
        foreach (var command in Lean)
        {
            Assert.Equal(CliApplication.Commands.Single(c => c.Name == command.Name).GetType(), command.GetType());
        }
    }

    [Fact]
    public void EveryVerbTheLeanImageLacks_IsHandedOver()
    {
        var lacked = CliApplication.Commands.Where(c => Lean.All(l => l.Name != c.Name)).ToList();
        Assert.Equal(["check", "fingerprint", "tls", "dhparam", "recipe"], lacked.Select(c => c.Name));
        foreach (var command in lacked)
        {
            Assert.True(LeanImage.NeedsFullImage([command.Name], Lean), command.Name);
            Assert.True(LeanImage.NeedsFullImage([command.Name, "--help"], Lean), command.Name);
        }
    }

    [Theory]
    [InlineData(new string[0], true)] // the usage text lists every verb
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "help" }, true)]
    [InlineData(new[] { "-h" }, true)]
    [InlineData(new[] { "frobnicate" }, true)] // the full image says it is unknown
    [InlineData(new[] { "--version" }, false)]
    [InlineData(new[] { "-V" }, false)]
    [InlineData(new[] { "postconf", "-n" }, false)]
    [InlineData(new[] { "postmap", "-q", "k", "texthash:/etc/postfix/virtual" }, false)]
    [InlineData(new[] { "postmap", "-q", "k", "pgsql:/etc/postfix/pg.cf" }, true)]
    [InlineData(new[] { "postmap", "-q", "-", "proxy:mysql:/etc/postfix/my.cf" }, true)]
    [InlineData(new[] { "postalias", "-q", "root", "ldap:/etc/postfix/ldap-aliases.cf" }, true)]
    [InlineData(new[] { "postmap", "-q", "k", "sqlite:/etc/postfix/s.cf" }, true)]
    [InlineData(new[] { "postmap", "-q", "k", "memcache:/etc/postfix/m.cf" }, true)]
    [InlineData(new[] { "queue", "list", "--spool" }, false)]
    [InlineData(new[] { "postcat", "-q", "ABCDEF" }, false)]
    public void NeedsFullImage_Cases(string[] args, bool expected) =>
        Assert.Equal(expected, LeanImage.NeedsFullImage(args, Lean));

    /// <summary>
    /// A lean verb naming any database table type anywhere in its arguments is handed over (the lean image has no
    /// drivers); one naming none stays.
    /// </summary>
    [Fact]
    public void DatabaseTables_AreHandedOver_WhereverTheyAppear()
    {
        string[] types = ["mysql", "pgsql", "sqlite", "ldap", "memcache"];
        var plain = Gen.Elements("-q", "-c", "/etc/postfix", "key", "texthash:/t", "hash:/etc/aliases", "-", "cidr:/c", "inline:{a=b}");
        var gen =
            from verb in Gen.Elements(Lean.Select(c => c.Name).ToArray())
            from before in Gen.ListOf(plain)
            from after in Gen.ListOf(plain)
            from type in Gen.Elements(types)
            from proxy in Gen.Elements(string.Empty, "proxy:")
            select (verb, before, after, table: $"{proxy}{type}:/etc/postfix/{type}.cf");
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            string[] with = [c.verb, .. c.before, c.table, .. c.after];
            string[] without = [c.verb, .. c.before, .. c.after];
            return LeanImage.NeedsFullImage(with, Lean) && !LeanImage.NeedsFullImage(without, Lean);
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
