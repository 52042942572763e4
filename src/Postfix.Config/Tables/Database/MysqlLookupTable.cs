using System.Globalization;
using System.Text;
using MySqlConnector;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// <c>mysql:</c> through MySqlConnector. Hosts are <c>unix:/path</c>, <c>inet:host[:port]</c> or <c>host[:port]</c>;
/// <c>localhost</c> means the default UNIX socket, as with libmariadb. <c>option_file</c> is read for the
/// <c>[client]</c> group and <c>option_group</c> (user, password, host, port, socket, database, connect-timeout,
/// read-timeout, default-character-set). The key is quoted like <c>mysql_real_escape_string</c> for the connection's
/// <c>sql_mode</c>, one text statement is sent, every column of every row is used (NULL skipped); a second result set
/// with data, or none with <c>require_result_set = yes</c>, is an error.
/// </summary>
internal sealed class MysqlLookupTable : DatabaseLookupTable
{
    private const string DefaultSocket = "/run/mysqld/mysqld.sock";
    private readonly SqlHostPool<MySqlConnection> _pool;
    private readonly Dictionary<MySqlConnection, bool> _noBackslash = [];
    private readonly Dictionary<string, string> _optionFile;

    public MysqlLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options)
        : base(configuration, options)
    {
        _pool = new SqlHostPool<MySqlConnection>(configuration.Hosts.Select(h => (h, IsUnix(h) ? SqlHostClass.Unix : SqlHostClass.Inet)));
        _optionFile = ReadOptionFile(configuration.OptionFile, configuration.OptionGroup, configuration.ReadFile);
    }

    private static bool IsUnix(string h) => h.StartsWith("unix:", StringComparison.Ordinal) || h.StartsWith('/');

    private static Dictionary<string, string> ReadOptionFile(string? path, string? group, Func<string, byte[]> readFile)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path is null)
        {
            return result;
        }

        string[] lines;
        try
        {
            lines = System.Text.Encoding.UTF8.GetString(readFile(path)).ReplaceLineEndings("\n").Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LookupTableOpenException)
        {
            return result;
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal) { "client" };
        if (!string.IsNullOrEmpty(group))
        {
            wanted.Add(group);
        }

        var active = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                active = wanted.Contains(line.Trim('[', ']').Trim());
                continue;
            }

            if (!active)
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var k = (eq < 0 ? line : line[..eq]).Trim().Replace('_', '-');
            var v = eq < 0 ? string.Empty : line[(eq + 1)..].Trim().Trim('"', '\'');
            result[k] = v;
        }

        return result;
    }

    private string ConnectionString(SqlHostPool<MySqlConnection>.Host host)
    {
        var b = new MySqlConnectionStringBuilder
        {
            Pooling = false,
            CharacterSet = "utf8mb4",
            AllowUserVariables = true,
            UseAffectedRows = true,
            ConvertZeroDateTime = true,
        };
        var opt = _optionFile;
        b.UserID = Configuration.User.Length > 0 ? Configuration.User : opt.GetValueOrDefault("user", Environment.UserName);
        var password = Configuration.HasPassword ? ByteText.ToDisplay(Configuration.Password) : opt.GetValueOrDefault("password");
        if (password is not null)
        {
            b.Password = password;
        }

        b.Database = Configuration.Database;
        if (opt.TryGetValue("connect-timeout", out var ct) && uint.TryParse(ct, NumberStyles.None, CultureInfo.InvariantCulture, out var cts))
        {
            b.ConnectionTimeout = cts;
        }

        if (opt.TryGetValue("read-timeout", out var rt) && uint.TryParse(rt, NumberStyles.None, CultureInfo.InvariantCulture, out var rts))
        {
            b.DefaultCommandTimeout = rts;
        }

        var item = host.Item.StartsWith("unix:", StringComparison.Ordinal) || host.Item.StartsWith("inet:", StringComparison.Ordinal) ? host.Item[5..] : host.Item;
        if (host.Class == SqlHostClass.Unix)
        {
            b.Server = item;
            b.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
            return b.ConnectionString;
        }

        var colon = item.LastIndexOf(':');
        var name = colon >= 0 ? item[..colon] : item;
        uint port = 0;
        if (colon >= 0)
        {
            uint.TryParse(item[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port);
        }

        if (port == 0 && opt.TryGetValue("port", out var op))
        {
            uint.TryParse(op, NumberStyles.None, CultureInfo.InvariantCulture, out port);
        }

        if (name == "localhost")
        {
            b.Server = opt.GetValueOrDefault("socket", DefaultSocket);
            b.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
        }
        else
        {
            b.Server = name;
            b.Port = port == 0 ? 3306 : port;
        }

        foreach (var (k, v) in Configuration.Tls)
        {
            switch (k)
            {
                case "tls_CAfile":
                    b.SslCa = v;
                    b.SslMode = MySqlSslMode.Required;
                    break;
                case "tls_cert_file":
                    b.SslCert = v;
                    b.SslMode = MySqlSslMode.Required;
                    break;
                case "tls_key_file":
                    b.SslKey = v;
                    b.SslMode = MySqlSslMode.Required;
                    break;
                case "tls_ciphers":
                    b.TlsCipherSuites = v;
                    break;
                case "tls_verify_cert":
                    b.SslMode = v == "yes" ? MySqlSslMode.VerifyCA : MySqlSslMode.Required;
                    break;
                default:
                    break;
            }
        }

        return b.ConnectionString;
    }

    private bool Connect(SqlHostPool<MySqlConnection>.Host host, Action<string>? warn)
    {
        MySqlConnection? c = null;
        try
        {
            c = new MySqlConnection(ConnectionString(host));
            c.Open();
            using (var mode = new MySqlCommand("SELECT @@SESSION.sql_mode", c))
            {
                _noBackslash[c] = (mode.ExecuteScalar() as string ?? string.Empty).Contains("NO_BACKSLASH_ESCAPES", StringComparison.Ordinal);
            }

            host.Connection = c;
            host.Failed = false;
            return true;
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException or ArgumentException or IOException or TimeoutException)
        {
            c?.Dispose();
            warn?.Invoke($"connect to mysql server {ByteText.FromDisplay(host.Item)}: {ByteText.FromDisplay(Redact(ConnectMessage(host, e)))}");
            SqlHostPool<MySqlConnection>.MarkDown(host);
            return false;
        }
    }

    /// <summary>libmariadb's words for a failed connect (MySqlConnector's differ), and the errno it leaves.</summary>
    private string ConnectMessage(SqlHostPool<MySqlConnection>.Host host, Exception e)
    {
        var socket = e as System.Net.Sockets.SocketException ?? e.InnerException as System.Net.Sockets.SocketException ?? e.InnerException?.InnerException as System.Net.Sockets.SocketException;
        if (e is MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } || socket is not null)
        {
            var b = new MySqlConnectionStringBuilder(ConnectionString(host));
            if (b.ConnectionProtocol == MySqlConnectionProtocol.UnixSocket)
            {
                _errno = "No such file or directory";
                return $"Can't connect to local server through socket '{b.Server}' (2)";
            }

            _errno = "Operation now in progress";
            return $"Can't connect to server on '{b.Server}' (115)";
        }

        _errno = "Resource temporarily unavailable";
        return e.Message;
    }

    /// <summary>What errno the C client would leave behind (postmap prints it after "query error:").</summary>
    private string _errno = "Resource temporarily unavailable";

    private protected override DatabaseLookupResult Query(string? searchKey, Action<string>? warn)
    {
        var key = searchKey!;
        _errno = "Resource temporarily unavailable";
        if (Configuration.BuildQuery(key, null, null) is null)
        {
            return DatabaseLookupResult.NotFound;
        }

        var me = $"mysql:{Configuration.RawName}";
        for (var guard = 0; guard < 100; guard++)
        {
            if (_pool.Acquire(h => Connect(h, warn)) is not { } host)
            {
                return DatabaseLookupResult.Failed(_errno);
            }

            var conn = host.Connection!;
            var query = Configuration.BuildQuery(key, s => DbQuoting.Mysql(s, _noBackslash.GetValueOrDefault(conn)), warn)!;
            List<string?[]>? first = null;
            string? failure = null;
            try
            {
                using var cmd = new MySqlCommand(ByteText.ToDisplay(query), conn);
                using var reader = cmd.ExecuteReader();
                do
                {
                    if (reader.FieldCount == 0)
                    {
                        continue;
                    }

                    var set = new List<string?[]>();
                    while (reader.Read())
                    {
                        var row = new string?[reader.FieldCount];
                        for (var j = 0; j < row.Length; j++)
                        {
                            row[j] = reader.IsDBNull(j) ? null : Text(reader.GetValue(j));
                        }

                        set.Add(row);
                    }

                    if (first is null)
                    {
                        first = set;
                    }
                    else
                    {
                        failure ??= $"{me}: query failed: multiple result sets returning data are not supported";
                    }
                }
                while (reader.NextResult());
                if (first is null && Configuration.RequireResultSet)
                {
                    failure ??= $"{me}: query failed: query returned no result set(require_result_set = yes)";
                }
            }
            catch (MySqlException e) when (e.ErrorCode != MySqlErrorCode.UnableToConnectToHost)
            {
                failure = $"{me}: query failed: {ByteText.FromDisplay(Redact(e.Message))}";
            }
            catch (Exception e) when (e is MySqlException or InvalidOperationException or IOException)
            {
                failure = $"{me}: query failed: {ByteText.FromDisplay(Redact(e.Message))}";
            }

            if (failure is not null)
            {
                warn?.Invoke(failure);
                conn.Dispose();
                _noBackslash.Remove(conn);
                SqlHostPool<MySqlConnection>.MarkDown(host);
                continue;
            }

            return Assemble(first, key, _errno, warn);
        }

        return DatabaseLookupResult.Failed(_errno);
    }

    /// <summary>A column value as MySQL's text protocol shows it, as byte text.</summary>
    private static string Text(object value)
    {
        var s = value switch
        {
            byte[] b => ByteText.FromBytes(b),
            string str => ByteText.FromDisplay(str),
            DateTime d => ByteText.FromDisplay(d.TimeOfDay == TimeSpan.Zero && d.Kind == DateTimeKind.Unspecified ? d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            bool bo => bo ? "1" : "0",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => ByteText.FromDisplay(value.ToString() ?? string.Empty),
        };
        var nul = s.IndexOf('\0', StringComparison.Ordinal);
        return nul >= 0 ? s[..nul] : s;
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
