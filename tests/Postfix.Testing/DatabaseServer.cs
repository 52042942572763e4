using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Postfix.Testing;

/// <summary>
/// A private database server for differential tests: PostgreSQL, MariaDB, slapd or memcached started by the test in
/// its own scratch directory, listening on 127.0.0.1 only, without systemd, and stopped (and removed) on dispose.
/// Needs root (the servers run as their own system users) and the Debian packages postgresql, mariadb-server, slapd,
/// ldap-utils and memcached; without them <see cref="StartAsync"/> skips the test, except under CI=true, where it fails.
/// </summary>
public sealed class DatabaseServer : IAsyncDisposable
{
    /// <summary>The password of the unprivileged account (a quote and a backslash in it on purpose).</summary>
    public const string Password = "pf'pass\\x";

    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private readonly List<Process> _processes = [];
    private readonly Func<Task>? _stop;

    private DatabaseServer(string kind, string directory, int port, Func<Task>? stop)
    {
        Kind = kind;
        Directory = directory;
        Port = port;
        _stop = stop;
    }

    /// <summary><c>pgsql</c>, <c>mysql</c>, <c>ldap</c> or <c>memcache</c>.</summary>
    public string Kind { get; }

    /// <summary>The scratch directory.</summary>
    public string Directory { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts a server of <paramref name="kind"/> (<c>pgsql</c>, <c>mysql</c>, <c>ldap</c>, <c>memcache</c>).</summary>
    public static async Task<DatabaseServer> StartAsync(string kind)
    {
        var needed = kind switch
        {
            "pgsql" => new[] { PgBin + "/initdb", PgBin + "/pg_ctl", PgBin + "/psql", "/usr/sbin/runuser" },
            "mysql" => ["/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariadb", "/usr/bin/mariadb-admin"],
            "ldap" => ["/usr/sbin/slapd", "/usr/bin/ldapadd"],
            "memcache" => ["/usr/bin/memcached"],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var missing = needed.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0 || Environment.UserName != "root")
        {
            var reason = missing.Count > 0
                ? $"database server programs not installed: {string.Join(", ", missing)} (apt-get install postgresql mariadb-server slapd ldap-utils memcached)"
                : "database server tests need root (the servers run as their own users)";
            if (RealPostfix.IsCi)
            {
                Assert.Fail(reason + " — required under CI=true");
            }

            Assert.Skip(reason);
        }

        var dir = System.IO.Directory.CreateTempSubdirectory("pfnet-" + kind + "-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        var port = PostfixSandbox.FreePort();
        return kind switch
        {
            "pgsql" => await StartPostgresAsync(dir, port),
            "mysql" => await StartMariaDbAsync(dir, port),
            "ldap" => await StartSlapdAsync(dir, port),
            _ => await StartMemcachedAsync(dir, port),
        };
    }

    private static async Task Must(string program, IEnumerable<string> args, byte[]? stdin = null)
    {
        var list = args.ToList();
        var r = await Tool.RunAsync(program, list, stdin, timeout: TimeSpan.FromSeconds(120));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', list)} failed: {r}");
        }
    }

    private static async Task<DatabaseServer> StartPostgresAsync(string dir, int port)
    {
        var pg = Path.Combine(dir, "pg");
        System.IO.Directory.CreateDirectory(Path.Combine(pg, "sock"));
        File.WriteAllText(Path.Combine(pg, "pwfile"), "postgres-secret");
        await Must("/usr/bin/chown", ["-R", "postgres:postgres", pg]);
        await Must("/usr/sbin/runuser", ["-u", "postgres", "--", PgBin + "/initdb", "-D", pg + "/data", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "-N",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pg + "/pwfile"]);
        await Must("/usr/sbin/runuser", ["-u", "postgres", "--", PgBin + "/pg_ctl", "-D", pg + "/data", "-l", pg + "/server.log", "-w", "-o",
            $"-p {port} -k {pg}/sock -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start"]);
        var server = new DatabaseServer("pgsql", dir, port, async () =>
            await Tool.RunAsync("/usr/sbin/runuser", ["-u", "postgres", "--", PgBin + "/pg_ctl", "-D", pg + "/data", "-m", "immediate", "-w", "stop"]));
        await server.PsqlAsync("postgres", $"CREATE ROLE pfuser LOGIN PASSWORD '{Password.Replace("'", "''", StringComparison.Ordinal)}'; CREATE DATABASE mail OWNER pfuser ENCODING 'UTF8' TEMPLATE template0;");
        return server;
    }

    /// <summary>pgsql: runs SQL as the superuser over the private socket (database <paramref name="database"/>).</summary>
    public async Task<string> PsqlAsync(string database, string sql)
    {
        var r = await Tool.RunAsync(PgBin + "/psql", ["-h", Path.Combine(Directory, "pg", "sock"), "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-d", database, "-q", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"], Encoding.UTF8.GetBytes(sql));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException("psql failed: " + r);
        }

        return r.StdoutText;
    }

    private static async Task<DatabaseServer> StartMariaDbAsync(string dir, int port)
    {
        var my = Path.Combine(dir, "my");
        System.IO.Directory.CreateDirectory(my);
        await Must("/usr/bin/chown", ["mysql:mysql", my]);
        await Must("/usr/bin/mariadb-install-db", ["--no-defaults", "--user=mysql", "--datadir=" + my + "/data", "--auth-root-authentication-method=socket", "--skip-test-db"]);
        var process = Spawn("/usr/sbin/mariadbd", ["--no-defaults", "--user=mysql", "--datadir=" + my + "/data", "--socket=" + my + "/mysqld.sock",
            "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + my + "/mysqld.pid", "--log-error=" + my + "/error.log",
            "--skip-log-bin", "--innodb-buffer-pool-size=16M", "--innodb-flush-log-at-trx-commit=0", "--skip-name-resolve"]);
        var server = new DatabaseServer("mysql", dir, port, null);
        server._processes.Add(process);
        await WaitAsync(() => Tool.RunAsync("/usr/bin/mariadb-admin", ["--no-defaults", "--socket=" + my + "/mysqld.sock", "-u", "root", "ping"]).Result.ExitCode == 0, process, "mariadbd");
        var pw = Password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        await server.MariaDbAsync(null, "CREATE DATABASE mail CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;" +
            $"CREATE USER 'pfuser'@'127.0.0.1' IDENTIFIED BY '{pw}'; CREATE USER 'pfuser'@'localhost' IDENTIFIED BY '{pw}';" +
            "GRANT SELECT, EXECUTE ON mail.* TO 'pfuser'@'127.0.0.1'; GRANT SELECT, EXECUTE ON mail.* TO 'pfuser'@'localhost';");
        return server;
    }

    /// <summary>mysql: runs SQL as root over the private socket.</summary>
    public async Task<string> MariaDbAsync(string? database, string sql)
    {
        List<string> args = ["--no-defaults", "--socket=" + Path.Combine(Directory, "my", "mysqld.sock"), "-u", "root", "--batch", "--skip-column-names", "--default-character-set=utf8mb4"];
        if (database is not null)
        {
            args.Add(database);
        }

        var r = await Tool.RunAsync("/usr/bin/mariadb", args, Encoding.UTF8.GetBytes(sql));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException("mariadb failed: " + r);
        }

        return r.StdoutText;
    }

    private static async Task<DatabaseServer> StartSlapdAsync(string dir, int port)
    {
        var ld = Path.Combine(dir, "ldap");
        System.IO.Directory.CreateDirectory(Path.Combine(ld, "db"));
        File.WriteAllText(Path.Combine(ld, "slapd.conf"),
            "include /etc/ldap/schema/core.schema\ninclude /etc/ldap/schema/cosine.schema\ninclude /etc/ldap/schema/inetorgperson.schema\n" +
            "include /etc/ldap/schema/misc.schema\ninclude /etc/ldap/schema/dyngroup.schema\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\n" +
            $"pidfile {ld}/slapd.pid\nargsfile {ld}/slapd.args\nallow bind_v2\ndatabase mdb\nmaxsize 10485760\nsuffix \"dc=example,dc=com\"\n" +
            $"rootdn \"cn=admin,dc=example,dc=com\"\nrootpw secret\ndirectory {ld}/db\nindex objectClass eq\nindex mail eq\n");
        var process = Spawn("/usr/sbin/slapd", ["-f", ld + "/slapd.conf", "-h", $"ldap://127.0.0.1:{port}/ {LdapiUrl(dir)}", "-d", "0"]);
        var server = new DatabaseServer("ldap", dir, port, null);
        server._processes.Add(process);
        await WaitAsync(() => Listening(port), process, "slapd");
        return server;
    }

    /// <summary>ldap: the <c>ldapi://</c> URL of the server's private UNIX socket.</summary>
    public string LdapiUrl() => LdapiUrl(Directory);

    private static string LdapiUrl(string dir) => "ldapi://" + Uri.EscapeDataString(Path.Combine(dir, "ldap", "ldapi"));

    /// <summary>ldap: the whole directory as LDIF (user and change-tracking attributes), to check it is unchanged.</summary>
    public async Task<string> LdapDumpAsync()
    {
        var r = await Tool.RunAsync("/usr/bin/ldapsearch", ["-x", "-H", $"ldap://127.0.0.1:{Port}", "-D", "cn=admin,dc=example,dc=com", "-w", "secret",
            "-b", "dc=example,dc=com", "-LLL", "(objectClass=*)", "*", "entryCSN", "modifyTimestamp"]);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException("ldapsearch failed: " + r);
        }

        return r.StdoutText;
    }

    /// <summary>ldap: adds LDIF as the root DN.</summary>
    public async Task LdapAddAsync(string ldif) =>
        await Must("/usr/bin/ldapadd", ["-x", "-H", $"ldap://127.0.0.1:{Port}", "-D", "cn=admin,dc=example,dc=com", "-w", "secret"], Encoding.UTF8.GetBytes(ldif));

    private static async Task<DatabaseServer> StartMemcachedAsync(string dir, int port)
    {
        var process = Spawn("/usr/bin/memcached", ["-u", "memcache", "-l", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "0", "-m", "16"]);
        var server = new DatabaseServer("memcache", dir, port, null);
        server._processes.Add(process);
        await WaitAsync(() => Listening(port), process, "memcached");
        return server;
    }

    /// <summary>memcache: stores an item with the text protocol.</summary>
    public async Task MemcacheSetAsync(string key, byte[] value)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"set {key} 0 0 {value.Length}\r\n"));
        await stream.WriteAsync(value);
        await stream.WriteAsync("\r\n"u8.ToArray());
        var buf = new byte[64];
        var n = await stream.ReadAsync(buf);
        if (!Encoding.ASCII.GetString(buf, 0, n).StartsWith("STORED", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("memcached set failed");
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Process Spawn(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + program);
        p.StandardInput.Close();
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitAsync(Func<bool> ready, Process process, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!ready())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(name + " did not start");
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_stop is not null)
        {
            try
            {
                await _stop();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
            }
        }

        foreach (var p in _processes)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    await p.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
