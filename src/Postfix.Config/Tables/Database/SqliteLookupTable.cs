using System.Text;
using Microsoft.Data.Sqlite;
using Postfix.Config.Syntax;
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

    private static string ErrMsg(sqlite3 db) => ByteText.FromBytes(Encoding.UTF8.GetBytes(raw.sqlite3_errmsg(db).utf8_to_string() ?? string.Empty));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _connection.Dispose();
        }

        base.Dispose(disposing);
    }
}
