using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// A live database table (<c>mysql:</c>, <c>pgsql:</c>, <c>sqlite:</c>, <c>ldap:</c>, <c>memcache:</c>) that answers
/// like Postfix: key checks and folding, the <c>domain</c> list, the query built from the templates with the back
/// end's quoting, results through <c>result_format</c> joined with commas, <c>expansion_limit</c>. Three outcomes:
/// found, not found, error (<see cref="LookupBytes"/>; <see cref="Lookup"/> throws <see cref="DatabaseLookupException"/>
/// on error). Warnings are reported in Postfix's words; passwords never appear in them.
/// </summary>
public abstract class DatabaseLookupTable : ILookupTable, IDisposable
{
    private bool _disposed;

    private protected DatabaseLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options)
    {
        Configuration = configuration;
        Options = options;
    }

    /// <inheritdoc/>
    public string Type => DatabaseTableTypes.Name(Configuration.Type);

    /// <inheritdoc/>
    public string Name => Configuration.Name;

    /// <summary>The configuration.</summary>
    public DatabaseTableConfiguration Configuration { get; }

    /// <summary>Folding and SMTPUTF8.</summary>
    public LookupTableOptions Options { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Diagnostic> Diagnostics => [];

    /// <inheritdoc/>
    /// <exception cref="DatabaseLookupException">The lookup failed (Postfix's third outcome).</exception>
    public string? Lookup(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var r = LookupBytes(ByteText.ToBytes(ByteText.FromDisplay(key)));
        return r.Status switch
        {
            DatabaseLookupStatus.Found => r.Value,
            DatabaseLookupStatus.Error => throw new DatabaseLookupException($"table {Type}:{Name}: query error: {r.Error}"),
            _ => null,
        };
    }

    /// <summary>Looks a key up (a NUL byte ends it, as in Postfix).</summary>
    /// <param name="key">The key's bytes, as typed.</param>
    /// <param name="warn">Receives Postfix's warnings (text after <c>warning: </c>, with unprintable bytes masked as Postfix does); may be null.</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop with a fatal error here (for example an SQL prepare error in sqlite).</exception>
    public DatabaseLookupResult LookupBytes(ReadOnlySpan<byte> key, Action<string>? warn = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var nul = key.IndexOf((byte)0);
        if (nul >= 0)
        {
            key = key[..nul];
        }

        Action<string>? rawWarn = warn is null ? null : w => warn(ByteText.ToDisplay(PostfixText.PrintableByteText(w, Options.Utf8)));
        var rawKey = ByteText.FromBytes(key);
        try
        {
            var ldap = Configuration.Type == DatabaseTableType.Ldap;
            List<string>? held = ldap ? [] : null;
            var outcome = Configuration.Prepare(rawKey, Options.FoldCase, Options.Utf8, held is null ? rawWarn : held.Add, out var searchKey);
            if (ldap && outcome != LookupExplanationOutcome.EmptyKey)
            {
                held!.ForEach(w => rawWarn?.Invoke(w));
            }

            if (outcome != LookupExplanationOutcome.Query)
            {
                // ldap connects (and binds) before it expands the empty key, and warns about it then.
                if (ldap && outcome == LookupExplanationOutcome.EmptyKey)
                {
                    var connected = Query(null, rawWarn);
                    if (connected.Status == DatabaseLookupStatus.Error)
                    {
                        return connected;
                    }

                    held!.ForEach(w => rawWarn?.Invoke(w));
                }

                return DatabaseLookupResult.NotFound;
            }

            var result = Query(searchKey, rawWarn);
            if (result.Status == DatabaseLookupStatus.Found && Options.Utf8 && !Utf8Check.IsValid(ByteText.FromBytes(result.RawValue!)))
            {
                rawWarn?.Invoke($"{Type}:{Configuration.RawName}: key \"{searchKey}\": non-UTF-8 value \"{ByteText.FromBytes(result.RawValue!)}\": malformed UTF-8 or invalid codepoint");
                return DatabaseLookupResult.Failed(string.Empty);
            }

            return result;
        }
        catch (DatabaseLookupException e)
        {
            return DatabaseLookupResult.Failed(e.Message);
        }
    }

    /// <summary>
    /// Runs the query for a key that passed the checks (byte text; ldap also gets null for a key it connects for but
    /// does not search) and assembles the result.
    /// </summary>
    private protected abstract DatabaseLookupResult Query(string? searchKey, Action<string>? warn);

    /// <summary>Appends one value through <c>result_format</c>; true when the expansion limit is exceeded.</summary>
    private protected bool Add(StringBuilder result, string? value, string searchKey, ref int expansion, Action<string>? warn) =>
        Configuration.AddResult(result, value, searchKey, warn) && Configuration.ExpansionLimit > 0 && ++expansion > Configuration.ExpansionLimit;

    /// <summary>
    /// mysql, pgsql: every column of every row through <c>result_format</c>, joined with commas; past
    /// <c>expansion_limit</c> the lookup fails with Postfix's <c>dict_TYPE_lookup</c> warning.
    /// </summary>
    private protected DatabaseLookupResult Assemble(IEnumerable<string?[]>? rows, string key, string errno, Action<string>? warn)
    {
        var result = new StringBuilder();
        var expansion = 0;
        foreach (var row in rows ?? [])
        {
            foreach (var v in row)
            {
                if (Add(result, v, key, ref expansion, warn))
                {
                    warn?.Invoke($"dict_{Type}_lookup: {Configuration.RawName}: Expansion limit exceeded for key: '{key}'");
                    return DatabaseLookupResult.Failed(errno);
                }
            }
        }

        return DatabaseLookupResult.FromByteText(result);
    }

    /// <summary>A client library's message with the configured password (which some of them echo) replaced by <c>(hidden)</c>.</summary>
    private protected string Redact(string message) =>
        Configuration.HasPassword ? message.Replace(ByteText.ToDisplay(Configuration.Password), "(hidden)", StringComparison.Ordinal) : message;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Closes connections.</summary>
    /// <param name="disposing">Called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// Opens the live table for a configuration.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="options">Folding and SMTPUTF8; null for postmap's defaults.</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop with a fatal error (for example sqlite cannot open the
    /// database), or the application turned live database lookups off (<c>Postfix.Config.DatabaseLookups.IsSupported</c>
    /// set to false: <c>unsupported dictionary type: TYPE</c>).</exception>
    public static DatabaseLookupTable Open(DatabaseTableConfiguration configuration, LookupTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        options ??= LookupTableOptions.Default;
        if (!DatabaseLookups.IsSupported)
        {
            // Trimmed out by the feature switch: Postfix's words for a type it was built without.
            throw new LookupTableOpenException($"unsupported dictionary type: {DatabaseTableTypes.Name(configuration.Type)}");
        }

        return configuration.Type switch
        {
            DatabaseTableType.Sqlite => new SqliteLookupTable(configuration, options),
            DatabaseTableType.Pgsql => new PgsqlLookupTable(configuration, options),
            DatabaseTableType.Mysql => new MysqlLookupTable(configuration, options),
            DatabaseTableType.Ldap => new LdapLookupTable(configuration, options),
            DatabaseTableType.Memcache => new MemcacheLookupTable(configuration, options),
            _ => throw new ArgumentOutOfRangeException(nameof(configuration)),
        };
    }
}
