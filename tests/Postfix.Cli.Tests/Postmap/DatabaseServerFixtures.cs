using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>
/// One private server per test class, started on first use and loaded with the test table (the same rows the
/// recorded corpus used); stopped when the class is done.
/// </summary>
public abstract class DatabaseServerFixture : IAsyncDisposable
{
    private readonly Lazy<Task<DatabaseServer>> _server;

    protected DatabaseServerFixture(string kind) =>
        _server = new Lazy<Task<DatabaseServer>>(async () =>
        {
            var server = await DatabaseServer.StartAsync(kind);
            await LoadAsync(server);
            return server;
        });

    public Task<DatabaseServer> GetAsync() => _server.Value;

    protected abstract Task LoadAsync(DatabaseServer server);

    protected static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "DatabaseTables", name));

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await (await _server.Value).DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class PgsqlServerFixture() : DatabaseServerFixture("pgsql")
{
    protected override async Task LoadAsync(DatabaseServer server)
    {
        await server.PsqlAsync("mail", Data("pgsql-load.sql"));
        await server.PsqlAsync("mail", "ALTER TABLE aliases OWNER TO pfuser;");
    }
}

public sealed class MysqlServerFixture() : DatabaseServerFixture("mysql")
{
    protected override Task LoadAsync(DatabaseServer server) => server.MariaDbAsync("mail", Data("mysql-load.sql"));
}

public sealed class MemcacheServerFixture() : DatabaseServerFixture("memcache")
{
    protected override async Task LoadAsync(DatabaseServer server)
    {
        await server.MemcacheSetAsync("alice@example.com", "alice@mail.example.com"u8.ToArray());
        await server.MemcacheSetAsync("upper@example.com", "lower-stored"u8.ToArray());
        await server.MemcacheSetAsync("dom:example.com", "domain-dest"u8.ToArray());
        await server.MemcacheSetAsync("u:bob", "bob-by-user"u8.ToArray());
        await server.MemcacheSetAsync("crlf@example.com", "a\r\nb"u8.ToArray());
        await server.MemcacheSetAsync("j\u00f6rg@example.com", "j\u00f6rg-dest"u8.ToArray());
    }
}

public sealed class LdapServerFixture() : DatabaseServerFixture("ldap")
{
    protected override Task LoadAsync(DatabaseServer server) => server.LdapAddAsync(Data("ldap-data.ldif"));
}
