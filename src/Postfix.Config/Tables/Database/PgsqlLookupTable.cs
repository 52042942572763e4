using System.Globalization;
using System.Text;
using Npgsql;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// <c>pgsql:</c> through Npgsql. Hosts are <c>postgresql://</c> URIs (converted to a connection string; user,
/// password and dbname then come from the URI), <c>unix:/dir</c> or <c>/dir</c> socket directories, and
/// <c>inet:host[:port]</c> or <c>host[:port]</c>. As in Postfix's stable releases the session uses
/// <c>client_encoding = LATIN1</c>, and strings map to bytes one to one, so key and result bytes travel exactly as
/// with libpq. The text of the last statement's result is used; every column of every row; NULL is an empty value.
/// </summary>
internal sealed class PgsqlLookupTable : DatabaseLookupTable
{
    private readonly SqlHostPool<NpgsqlConnection> _pool;

    public PgsqlLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options)
        : base(configuration, options)
    {
        _pool = new SqlHostPool<NpgsqlConnection>(configuration.Hosts.Select(h =>
            (h, h.StartsWith("postgresql:", StringComparison.Ordinal) ? SqlHostClass.Uri : Strip(h) is { Length: > 0 } d && d[0] != '/' ? SqlHostClass.Inet : SqlHostClass.Unix)));
    }

    private static string Strip(string h) => h.StartsWith("unix:", StringComparison.Ordinal) || h.StartsWith("inet:", StringComparison.Ordinal) ? h[5..] : h;

    /// <summary>The host as Postfix names it in messages, with any password in a URI hidden.</summary>
    internal static string Shown(string item)
    {
        if (!item.StartsWith("postgresql:", StringComparison.Ordinal))
        {
            return item;
        }

        var s = item;
        var at = s.IndexOf('@', StringComparison.Ordinal);
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (at > 0 && scheme > 0)
        {
            var colon = s.IndexOf(':', scheme + 3);
            if (colon > 0 && colon < at)
            {
                s = s[..(colon + 1)] + "(hidden)" + s[at..];
            }
        }

        var pw = s.IndexOf("password=", StringComparison.Ordinal);
        if (pw > 0)
        {
            var end = s.IndexOf('&', pw);
            s = s[..(pw + 9)] + "(hidden)" + (end < 0 ? string.Empty : s[end..]);
        }

        return s;
    }

    private string ConnectionString(SqlHostPool<NpgsqlConnection>.Host host)
    {
        var b = new NpgsqlConnectionStringBuilder
        {
            Pooling = false,
            Encoding = "ISO-8859-1",
            ClientEncoding = "LATIN1",
            Timeout = 30,
        };
        if (host.Class == SqlHostClass.Uri)
        {
            ApplyUri(b, host.Item);
            return b.ConnectionString;
        }

        var name = Strip(host.Item);
        b.Username = Configuration.User.Length > 0 ? Configuration.User : Environment.UserName;
        if (Configuration.HasPassword)
        {
            b.Password = ByteText.ToDisplay(Configuration.Password);
        }

        b.Database = Configuration.Database;
        if (host.Class == SqlHostClass.Inet)
        {
            var colon = name.LastIndexOf(':');
            if (colon >= 0)
            {
                b.Host = name[..colon];
                b.Port = int.TryParse(name[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 5432;
            }
            else
            {
                b.Host = name;
                b.Port = DefaultPort();
            }
        }
        else
        {
            b.Host = name;
            b.Port = DefaultPort();
        }

        return b.ConnectionString;
    }

    private static int DefaultPort() =>
        int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 5432;

    /// <summary>libpq URI (<c>postgresql://user:pw@host:port/db?param=value</c>) → Npgsql settings.</summary>
    internal static void ApplyUri(NpgsqlConnectionStringBuilder b, string uri)
    {
        var rest = uri[(uri.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }

        string query = string.Empty;
        var qm = rest.IndexOf('?', StringComparison.Ordinal);
        if (qm >= 0)
        {
            query = rest[(qm + 1)..];
            rest = rest[..qm];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        if (slash >= 0 && slash + 1 < rest.Length)
        {
            b.Database = Unescape(rest[(slash + 1)..]);
        }

        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userinfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userinfo.IndexOf(':', StringComparison.Ordinal);
            b.Username = Unescape(colon >= 0 ? userinfo[..colon] : userinfo);
            if (colon >= 0)
            {
                b.Password = Unescape(userinfo[(colon + 1)..]);
            }
        }

        if (authority.Length > 0)
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0 && !authority.EndsWith(']'))
            {
                b.Host = Unescape(authority[..colon]).Trim('[', ']');
                b.Port = int.Parse(authority.AsSpan(colon + 1), CultureInfo.InvariantCulture);
            }
            else
            {
                b.Host = Unescape(authority).Trim('[', ']');
            }
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var k = eq < 0 ? pair : pair[..eq];
            var v = eq < 0 ? string.Empty : Unescape(pair[(eq + 1)..]);
            switch (k)
            {
                case "host":
                    b.Host = v;
                    break;
                case "port":
                    b.Port = int.Parse(v, CultureInfo.InvariantCulture);
                    break;
                case "user":
                    b.Username = v;
                    break;
                case "password":
                    b.Password = v;
                    break;
                case "dbname":
                    b.Database = v;
                    break;
                case "connect_timeout":
                    b.Timeout = int.Parse(v, CultureInfo.InvariantCulture);
                    break;
                case "sslmode":
                    b.SslMode = Enum.Parse<SslMode>(v.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                    break;
                default:
                    break;
            }
        }

        if (string.IsNullOrEmpty(b.Host))
        {
            b.Host = "/var/run/postgresql";
        }

        if (string.IsNullOrEmpty(b.Username))
        {
            b.Username = Environment.UserName;
        }
    }

    private static string Unescape(string s) => System.Uri.UnescapeDataString(s);

    private bool Connect(SqlHostPool<NpgsqlConnection>.Host host, Action<string>? warn)
    {
        NpgsqlConnection? c = null;
        try
        {
            c = new NpgsqlConnection(ConnectionString(host));
            c.Open();
            host.Connection = c;
            host.Failed = false;
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException or FormatException or TimeoutException)
        {
            c?.Dispose();
            warn?.Invoke($"connect to pgsql server {ByteText.FromDisplay(Shown(host.Item))}: {ByteText.FromDisplay(Redact(ConnectMessage(host, e)))}");
            SqlHostPool<NpgsqlConnection>.MarkDown(host);
            return false;
        }
    }

    /// <summary>libpq's words for a failed connect (Npgsql's differ), and the errno it leaves.</summary>
    private string ConnectMessage(SqlHostPool<NpgsqlConnection>.Host host, Exception e)
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString(host));
        var unix = b.Host?.StartsWith('/') == true;
        var where = unix
            ? $"connection to server on socket \"{b.Host}/.s.PGSQL.{b.Port}\" failed: "
            : string.Create(CultureInfo.InvariantCulture, $"connection to server at \"{b.Host}\", port {b.Port} failed: ");
        if (e is PostgresException pe)
        {
            _errno = "Application error";
            return where + pe.Severity + ":  " + pe.MessageText + "\n";
        }

        var socket = e as System.Net.Sockets.SocketException ?? e.InnerException as System.Net.Sockets.SocketException;
        if (socket is not null || e is NpgsqlException { InnerException: System.Net.Sockets.SocketException })
        {
            if (unix)
            {
                _errno = "No such file or directory";
                return where + "No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n";
            }

            _errno = "Operation now in progress";
            return where + "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n";
        }

        _errno = "Application error";
        return where + e.Message + "\n";
    }

    /// <summary>What errno the C client would leave behind (postmap prints it after "query error:").</summary>
    private string _errno = "Application error";

    private protected override DatabaseLookupResult Query(string? searchKey, Action<string>? warn)
    {
        var key = searchKey!;
        _errno = "Application error";
        if (Configuration.BuildQuery(key, null, null) is null)
        {
            return DatabaseLookupResult.NotFound;
        }

        for (var guard = 0; guard < 100; guard++)
        {
            if (_pool.Acquire(h => Connect(h, warn)) is not { } host)
            {
                return DatabaseLookupResult.Failed(_errno);
            }

            var query = Configuration.BuildQuery(key, DbQuoting.DoubleSingleQuotes, warn)!;
            List<string?[]>? rows = null;
            try
            {
                using var cmd = new NpgsqlCommand(query, host.Connection!) { AllResultTypesAreUnknown = true };
                using var reader = cmd.ExecuteReader();
                do
                {
                    var set = new List<string?[]>();
                    while (reader.Read())
                    {
                        var row = new string?[reader.FieldCount];
                        for (var j = 0; j < row.Length; j++)
                        {
                            row[j] = reader.IsDBNull(j) ? string.Empty : reader.GetString(j);
                        }

                        set.Add(row);
                    }

                    rows = set;
                }
                while (reader.NextResult());
            }
            catch (PostgresException e)
            {
                warn?.Invoke($"pgsql query failed: fatal error from host {ByteText.FromDisplay(Shown(host.Item))}: {e.Severity}:  {e.MessageText}\n");
                host.Connection!.Dispose();
                SqlHostPool<NpgsqlConnection>.MarkDown(host);
                continue;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                warn?.Invoke($"pgsql query failed: fatal error from host {ByteText.FromDisplay(Shown(host.Item))}: {ByteText.FromDisplay(Redact(e.Message))}");
                host.Connection!.Dispose();
                SqlHostPool<NpgsqlConnection>.MarkDown(host);
                continue;
            }

            // Strings come back one char per LATIN1 byte: that is byte text already.
            return Assemble(rows, key, _errno, warn);
        }

        return DatabaseLookupResult.Failed(_errno);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pool.CloseAll();
        }

        base.Dispose(disposing);
    }
}
