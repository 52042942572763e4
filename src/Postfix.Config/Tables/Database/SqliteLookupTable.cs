using System.Text;
using Microsoft.Data.Sqlite;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;
using SQLitePCL;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// <c>sqlite:</c> through Microsoft.Data.Sqlite: the database is opened (and created when missing, as
/// <c>sqlite3_open</c> does) when the table is opened; each lookup prepares the expanded statement, runs only the
/// first statement, and takes column 0 of each row (NULL skipped). A prepare error is fatal, like in Postfix.
/// </summary>
internal sealed class SqliteLookupTable : DatabaseLookupTable
{
    private readonly SqliteConnection _connection;
    private readonly string? _boundSql;
    private readonly List<string> _literals = [];
    private sqlite3_stmt? _bound;
    private bool _boundFailed;

    public SqliteLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options)
        : base(configuration, options)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = configuration.Database,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        _connection = new SqliteConnection(cs.ToString());
        try
        {
            _connection.Open();
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw new LookupTableOpenException($"sqlite:{configuration.Name}: Can't open database: {SqliteMessage(e)}\n", e);
        }

        _boundSql = Parameterize(configuration.RawQuery, _literals);
    }

    /// <summary>
    /// When every <c>%</c> expansion of the template sits inside a single-quoted SQL string, the statement Postfix
    /// builds (key pieces quoted with <c>%q</c>) parses to exactly the string literals the template gives unquoted.
    /// Such templates are prepared once, with each literal that holds an expansion bound as a parameter; the rows are
    /// the same, without a parse per key. Returns null when the template does not qualify (then each lookup prepares
    /// the expanded text, as Postfix does).
    /// </summary>
    private static string? Parameterize(string template, List<string> literals)
    {
        var sql = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '%' || c == '"' || c == '`' || c == '[' || c == '?' || c == ':' || c == '@' || c == '$'
                || (c == '-' && i + 1 < template.Length && template[i + 1] == '-') || (c == '/' && i + 1 < template.Length && template[i + 1] == '*'))
            {
                return null;
            }

            if (c != '\'')
            {
                sql.Append(c);
                i++;
                continue;
            }

            var literal = new StringBuilder();
            var dynamic = false;
            i++;
            while (true)
            {
                if (i >= template.Length)
                {
                    return null;
                }

                if (template[i] == '\'')
                {
                    if (i + 1 < template.Length && template[i + 1] == '\'')
                    {
                        literal.Append("''");
                        i += 2;
                        continue;
                    }

                    i++;
                    break;
                }

                if (template[i] == '%')
                {
                    if (i + 1 >= template.Length)
                    {
                        return null;
                    }

                    dynamic |= template[i + 1] != '%';
                    literal.Append('%').Append(template[i + 1]);
                    i += 2;
                    continue;
                }

                literal.Append(template[i++]);
            }

            if (dynamic)
            {
                // The literal's text between the quotes, with '' standing for one quote.
                literals.Add(literal.ToString().Replace("''", "'", StringComparison.Ordinal));
                sql.Append('?');
            }
            else
            {
                sql.Append('\'').Append(literal.ToString().Replace("%%", "%", StringComparison.Ordinal)).Append('\'');
            }
        }

        return sql.ToString();
    }

    private static string SqliteMessage(SqliteException e)
    {
        // Microsoft.Data.Sqlite prefixes "SQLite Error N: '…'."; Postfix prints sqlite3_errmsg() alone.
        var m = e.Message;
        var q = m.IndexOf('\'', StringComparison.Ordinal);
        return q >= 0 && m.EndsWith("'.", StringComparison.Ordinal) ? m[(q + 1)..^2] : m;
    }

    private protected override DatabaseLookupResult Query(string? searchKey, Action<string>? warn)
    {
        var key = searchKey!;
        if (_boundSql is not null && !_boundFailed && Utf8Check.IsValid(key))
        {
            var bound = QueryBound(key, warn);
            if (bound is not null)
            {
                return bound;
            }
        }

        var query = Configuration.BuildQuery(key, DbQuoting.DoubleSingleQuotes, warn);
        if (query is null)
        {
            return DatabaseLookupResult.NotFound;
        }

        var db = _connection.Handle!;
        var name = Configuration.RawName;
        var sql = ByteText.ToBytes(query);
        if (raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt, out ReadOnlySpan<byte> _) != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            throw new LookupTableOpenException(ByteText.ToDisplay($"dict_sqlite_lookup: {name}: SQL prepare failed: {ErrMsg(db)}\n"));
        }

        using (stmt)
        {
            var result = new StringBuilder();
            var expansion = 0;
            var error = false;
            if (stmt is not null && !stmt.IsInvalid)
            {
                int status;
                while ((status = raw.sqlite3_step(stmt)) != raw.SQLITE_DONE)
                {
                    if (status == raw.SQLITE_ROW)
                    {
                        string? value = null;
                        if (raw.sqlite3_column_type(stmt, 0) != raw.SQLITE_NULL)
                        {
                            var bytes = raw.sqlite3_column_blob(stmt, 0);
                            var nul = bytes.IndexOf((byte)0);
                            value = ByteText.FromBytes(nul >= 0 ? bytes[..nul] : bytes);
                        }

                        if (Add(result, value, key, ref expansion, warn))
                        {
                            warn?.Invoke($"dict_sqlite_lookup: {name}: Expansion limit exceeded for key '{key}'");
                            error = true;
                            break;
                        }
                    }
                    else
                    {
                        warn?.Invoke($"dict_sqlite_lookup: {name}: SQL step failed for query '{query}': {ErrMsg(db)}\n");
                        error = true;
                        break;
                    }
                }
            }

            // postmap reports errno, which holds ENOENT from its start-up probes.
            return error ? DatabaseLookupResult.Failed("No such file or directory") : DatabaseLookupResult.FromByteText(result);
        }
    }

    private DatabaseLookupResult? QueryBound(string key, Action<string>? warn)
    {
        var db = _connection.Handle!;
        if (_bound is null)
        {
            if (raw.sqlite3_prepare_v2(db, Encoding.UTF8.GetBytes(_boundSql!), out sqlite3_stmt stmt, out ReadOnlySpan<byte> _) != raw.SQLITE_OK || stmt is null || stmt.IsInvalid)
            {
                stmt?.Dispose();
                _boundFailed = true;
                return null;
            }

            _bound = stmt;
        }

        // The expansions decide suppression exactly as for the full template (the flags are shared).
        var values = new string[_literals.Count];
        for (var n = 0; n < values.Length; n++)
        {
            var sb = new StringBuilder();
            if (!Configuration.Context.Expand(_literals[n], key, null, sb, null, null, "sqlite", Configuration.RawName))
            {
                return DatabaseLookupResult.NotFound;
            }

            values[n] = sb.ToString();
        }

        if (values.Length == 0 && Configuration.BuildQuery(key, null, null) is null)
        {
            return DatabaseLookupResult.NotFound;
        }

        var stmtb = _bound;
        raw.sqlite3_reset(stmtb);
        for (var n = 0; n < values.Length; n++)
        {
            raw.sqlite3_bind_text(stmtb, n + 1, ByteText.ToBytes(values[n]).AsSpan());
        }

        var result = new StringBuilder();
        var expansion = 0;
        int status;
        while ((status = raw.sqlite3_step(stmtb)) == raw.SQLITE_ROW)
        {
            string? value = null;
            if (raw.sqlite3_column_type(stmtb, 0) != raw.SQLITE_NULL)
            {
                var bytes = raw.sqlite3_column_blob(stmtb, 0);
                var nul = bytes.IndexOf((byte)0);
                value = ByteText.FromBytes(nul >= 0 ? bytes[..nul] : bytes);
            }

            if (Add(result, value, key, ref expansion, warn))
            {
                raw.sqlite3_reset(stmtb);
                warn?.Invoke($"dict_sqlite_lookup: {Configuration.RawName}: Expansion limit exceeded for key '{key}'");
                return DatabaseLookupResult.Failed("No such file or directory");
            }
        }

        raw.sqlite3_reset(stmtb);
        if (status != raw.SQLITE_DONE)
        {
            // Let the statement Postfix builds report the step error in its own words.
            return null;
        }

        return DatabaseLookupResult.FromByteText(result);
    }

    private static string ErrMsg(sqlite3 db) => ByteText.FromBytes(Encoding.UTF8.GetBytes(raw.sqlite3_errmsg(db).utf8_to_string() ?? string.Empty));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bound?.Dispose();
            _connection.Dispose();
        }

        base.Dispose(disposing);
    }
}
