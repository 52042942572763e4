using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>
/// postfix-net postmap against the real postmap (postfix-sqlite, -pgsql, -mysql 3.7.11) on the same configuration
/// files, main.cf and database: generated configurations (every % form, domain lists, result_format, multi-row and
/// multi-column results, expansion_limit, LIKE, the legacy fields) and generated keys (with and without domain, empty
/// local part, extensions, upper case, UTF-8, ' " \ % _ ; --). stdout, stderr and exit status must be identical, and
/// the injection-shaped keys must leave the database unchanged.
/// </summary>
public abstract class SqlDifferentialTests
{
    internal static readonly string[] Templates =
    [
        "query = SELECT dest FROM aliases WHERE addr='%s' ORDER BY id",
        "query = SELECT '%s'",
        "query = SELECT '[%S]'",
        "query = SELECT dest FROM aliases WHERE addr='%u@%d' ORDER BY id",
        "query = SELECT '%U' AS u, '%D' AS d, '%1' AS one, '%2' AS two",
        "query = SELECT dest FROM aliases WHERE addr='%s' ORDER BY id\nresult_format = smtp:[%s]",
        "query = SELECT dest FROM aliases WHERE addr='%s' ORDER BY id\nresult_format = %u+ext@%D",
        "query = SELECT extra FROM aliases WHERE addr='%s' ORDER BY id\nresult_format = %d",
        "query = SELECT dest, extra FROM aliases WHERE addr='%s' ORDER BY id",
        "query = SELECT dest FROM aliases WHERE addr LIKE '%s' ORDER BY id",
        "query = SELECT dest FROM aliases WHERE addr='%s' ORDER BY id\ndomain = example.com, !sub.example.com sub.example.com",
        "query = SELECT dest FROM aliases WHERE addr='%s' ORDER BY id\nexpansion_limit = 1",
        "query = SELECT '%3' AS three\nresult_format = <%S>",
        "table = aliases\nselect_field = dest\nwhere_field = addr\nadditional_conditions = ORDER BY id",
        "query = SELECT '%%' || '%s'",
        "query = SELECT dest FROM aliases WHERE addr = '%s' OR addr = '100%%' ORDER BY id\nresult_format = %%s",
    ];

    internal static readonly string[] Keys =
    [
        "alice@example.com", "ALICE@EXAMPLE.COM", "bob@example.com", "upper@example.com", "UPPER@example.com",
        "nodomain", "@example.com", "user@", "example.com", "alice+ext@example.com", "a@b@example.com",
        "user@sub.example.com", "user@mail.example.com", "user@a..b.c", "jörg@example.com", "JÖRG@example.com",
        "o'brien@example.com", "x' OR '1'='1", "x'; DELETE FROM aliases; --", "dq\"uote@example.com",
        "back\\slash@example.com", "pct%@example.com", "%@example.com", "p_t@example.com", "semi;colon@example.com",
        "a--b@example.com", "empty@example.com", "null@example.com", "st*r@example.com", "tab\there@example.com", "nosuch@example.com",
    ];

    protected abstract string Type { get; }

    protected abstract Task<string> HeaderAsync(string root);

    protected abstract Task<string> DumpAsync();

    public static TheoryData<int> TemplateIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Templates.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TemplateIndexes))]
    public async Task Query_GeneratedConfigAndKeys_SameAsPostmap(int template)
    {
        RealPostfix.Require("postmap");
        foreach (var utf8 in new[] { false, true })
        {
            using var ws = new PostmapWorkspace(utf8);
            var config = await HeaderAsync(ws.Root) + "\n" + Templates[template].Replace("'%%' || '%s'", Concat(), StringComparison.Ordinal) + "\n";
            var path = ws.Write(Type + ".cf", Encoding.UTF8.GetBytes(config));
            var before = await DumpAsync();
            var stdin = Encoding.UTF8.GetBytes(string.Join('\n', Keys) + "\n");
            var context = config.Replace(DatabaseServer.Password, "(password)", StringComparison.Ordinal);
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", Type + ":" + path], stdin, context, looseErrno: true);
            await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-f", "-q", "-", Type + ":" + path], stdin, context, looseErrno: true);
            foreach (var key in new[] { "alice@example.com", string.Empty, "ALICE@example.com" })
            {
                await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", key, Type + ":" + path], null, context, looseErrno: true);
            }

            Assert.Equal(before, await DumpAsync());
        }
    }

    protected virtual string Concat() => "'%' || '%s'";

    [Fact]
    public async Task Query_MainCfEmbeddedTable_SameAsPostmap()
    {
        RealPostfix.Require("postmap");
        using var ws = new PostmapWorkspace();
        var header = await HeaderAsync(ws.Root);
        var lines = (header + "\nquery = SELECT dest FROM aliases WHERE addr='%s' AND '$$x' = '$$x' ORDER BY id\nresult_format = ${mydomain_fmt}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var mainCf = "compatibility_level = 0\nmydomain_fmt = <%s>\n" + string.Concat(lines.Select(l => "embtab_" + l.Replace("$$x", "$$x", StringComparison.Ordinal).Replace(DatabaseServer.Password, DatabaseServer.Password.Replace("$", "$$", StringComparison.Ordinal), StringComparison.Ordinal) + "\n"));
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "main.cf"), mainCf);
        RealPostfix.Age(Path.Combine(ws.ConfigDirectory, "main.cf"));
        var stdin = Encoding.UTF8.GetBytes(string.Join('\n', Keys) + "\n");
        await PostmapWorkspace.AssertSameAsync(["-c", ws.ConfigDirectory, "-q", "-", Type + ":embtab"], stdin, looseErrno: true);
    }

    protected static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    protected static string Port(DatabaseServer s) => s.Port.ToString(CultureInfo.InvariantCulture);
}

public sealed class SqliteDifferentialTests : SqlDifferentialTests
{
    private string? _db;

    protected override string Type => "sqlite";

    protected override Task<string> HeaderAsync(string root)
    {
        _db = Path.Combine(root, "test.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "DatabaseTables", "sqlite-test.db"), _db, overwrite: true);
        return Task.FromResult("dbpath = " + _db);
    }

    protected override Task<string> DumpAsync() => Task.FromResult(Hash(File.ReadAllBytes(_db!)));
}

public sealed class PgsqlDifferentialTests(PgsqlServerFixture fixture) : SqlDifferentialTests, IClassFixture<PgsqlServerFixture>
{
    protected override string Type => "pgsql";

    protected override async Task<string> HeaderAsync(string root)
    {
        var s = await fixture.GetAsync();
        return $"hosts = inet:127.0.0.1:{Port(s)}\nuser = pfuser\npassword = {DatabaseServer.Password}\ndbname = mail";
    }

    protected override async Task<string> DumpAsync() =>
        await (await fixture.GetAsync()).PsqlAsync("mail", "SELECT id, addr, dest, extra FROM aliases ORDER BY id; SELECT tablename FROM pg_tables WHERE schemaname = 'public';");
}

public sealed class MysqlDifferentialTests(MysqlServerFixture fixture) : SqlDifferentialTests, IClassFixture<MysqlServerFixture>
{
    protected override string Type => "mysql";

    protected override string Concat() => "CONCAT('%', '%s')";

    protected override async Task<string> HeaderAsync(string root)
    {
        var s = await fixture.GetAsync();
        return $"hosts = inet:127.0.0.1:{Port(s)}\nuser = pfuser\npassword = {DatabaseServer.Password}\ndbname = mail";
    }

    protected override async Task<string> DumpAsync() =>
        await (await fixture.GetAsync()).MariaDbAsync("mail", "SELECT id, addr, dest, extra FROM aliases ORDER BY id; SHOW TABLES;");
}
