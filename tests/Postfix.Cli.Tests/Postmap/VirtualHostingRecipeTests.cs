using System.Globalization;
using System.Text;
using Postfix.Config.Tables.Database;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>
/// The virtual-hosting recipe of docs/database-tables.md, end to end: PostfixAdmin-style tables (domain, mailbox,
/// alias with an active flag) on a private PostgreSQL, the three configuration files written with the recipe's own
/// code (<see cref="DatabaseTableDocument.FromParameters"/>), and the real postmap (postfix-pgsql 3.7.11) answering
/// from them — exactly what postfix-net postmap answers.
/// </summary>
public sealed class VirtualHostingRecipeTests(PgsqlServerFixture fixture) : IClassFixture<PgsqlServerFixture>
{
    [Fact]
    public async Task Recipe_GeneratedConfigs_RealPostmapAnswers()
    {
        RealPostfix.Require("postmap");
        var server = await fixture.GetAsync();
        await server.PsqlAsync("mail", """
            DROP TABLE IF EXISTS domain, mailbox, alias;
            CREATE TABLE domain (domain text PRIMARY KEY, active char(1) NOT NULL);
            CREATE TABLE mailbox (username text PRIMARY KEY, maildir text NOT NULL, active char(1) NOT NULL);
            CREATE TABLE alias (address text PRIMARY KEY, goto text NOT NULL, active char(1) NOT NULL);
            INSERT INTO domain VALUES ('example.com', '1'), ('old.example', '0');
            INSERT INTO mailbox VALUES ('alice@example.com', 'example.com/alice/', '1'), ('bob@example.com', 'example.com/bob/', '0');
            INSERT INTO alias VALUES ('postmaster@example.com', 'alice@example.com', '1'), ('sales@example.com', 'alice@example.com,carol@example.org', '1');
            GRANT SELECT ON domain, mailbox, alias TO pfuser;
            """);

        using var ws = new PostmapWorkspace();
        var port = server.Port.ToString(CultureInfo.InvariantCulture);

        // The recipe's code, with the private server's address.
        DatabaseTableDocument Sql(string query) => DatabaseTableDocument.FromParameters(DatabaseTableType.Pgsql, [
            new("hosts", "inet:127.0.0.1:" + port), new("user", "pfuser"), new("password", DatabaseServer.Password), new("dbname", "mail"),
            new("query", query)]);
        var domains = Path.Combine(ws.Root, "virtual_domains.cf");
        var mailboxes = Path.Combine(ws.Root, "virtual_mailboxes.cf");
        var aliases = Path.Combine(ws.Root, "virtual_aliases.cf");
        await Sql("SELECT domain FROM domain WHERE domain='%s' AND active = '1'").SaveAsync(domains, cancellationToken: TestContext.Current.CancellationToken);
        await Sql("SELECT maildir FROM mailbox WHERE username='%s' AND active = '1'").SaveAsync(mailboxes, cancellationToken: TestContext.Current.CancellationToken);
        await Sql("SELECT goto FROM alias WHERE address='%s' AND active = '1'").SaveAsync(aliases, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var f in new[] { domains, mailboxes, aliases })
        {
            RealPostfix.Age(f);
        }

        var keys = Encoding.UTF8.GetBytes("example.com\nold.example\nalice@example.com\nbob@example.com\npostmaster@example.com\nsales@example.com\nnobody@example.com\n");
        foreach (var table in new[] { domains, mailboxes, aliases })
        {
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", "pgsql:" + table], keys, "recipe " + Path.GetFileName(table));
        }

        // And the answers are the recipe's: an active domain, an active mailbox's maildir, an alias's goto list.
        var real = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", ws.ConfigDirectory, "-q", "-", "pgsql:" + mailboxes], keys);
        Assert.Equal("alice@example.com\texample.com/alice/\n", real.StdoutText);
        real = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", ws.ConfigDirectory, "-q", "sales@example.com", "pgsql:" + aliases], []);
        Assert.Equal("alice@example.com,carol@example.org\n", real.StdoutText);
        real = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", ws.ConfigDirectory, "-q", "old.example", "pgsql:" + domains], []);
        Assert.Equal(1, real.ExitCode);
    }
}
