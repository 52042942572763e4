using System.IO.Abstractions;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// Opens a table named <c>type:name</c> the way <c>postmap -q</c> does. File types read their source through an
/// <see cref="IFileSystem"/>: <c>texthash</c>, <c>cidr</c>, and the database types <c>hash</c>, <c>btree</c>,
/// <c>lmdb</c>, <c>cdb</c>, <c>dbm</c> and <c>sdbm</c>, for which the library reads the <em>source file</em> the
/// database is built from (the path named by the table, without <c>.db</c>) and answers as the database would if it
/// was built from that file by <c>postmap</c> (keys folded, first duplicate wins). <c>inline:</c> and <c>static:</c>
/// need no file; <c>regexp</c> and <c>pcre</c> are <see cref="Regexp.PatternTable"/>s. A name without <c>type:</c> uses <c>hash</c> (Postfix's <c>default_database_type</c>).
/// </summary>
public sealed class LookupTableFactory
{
    private static readonly string[] DatabaseTypes = ["hash", "btree", "lmdb", "cdb", "dbm", "sdbm"];
    private static readonly string[] FileTypesList = ["texthash", "hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "cidr", "regexp", "pcre"];
    private readonly IFileSystem _fileSystem;

    /// <summary>Creates a factory over the real file system.</summary>
    public LookupTableFactory()
        : this(new FileSystem())
    {
    }

    /// <summary>Creates a factory over <paramref name="fileSystem"/>.</summary>
    /// <param name="fileSystem">The file system to read table sources from.</param>
    public LookupTableFactory(IFileSystem fileSystem)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fileSystem = fileSystem;
    }

    /// <summary>The table types whose name is a file (what <c>postfix-net check</c> reads).</summary>
    public static IReadOnlyList<string> FileTypes => FileTypesList;

    /// <summary>Whether <paramref name="type"/> is a database built by postmap from a source file.</summary>
    /// <param name="type">The table type.</param>
    public static bool IsDatabaseType(string type) => DatabaseTypes.Contains(type, StringComparer.Ordinal);

    /// <summary>Splits <c>type:name</c> at the first colon; without one, the type is <c>hash</c>.</summary>
    /// <param name="table">The table as written in main.cf or on postmap's command line.</param>
    public static (string Type, string Name) Split(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var colon = table.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ("hash", table) : (table[..colon], table[(colon + 1)..]);
    }

    /// <summary>Opens <paramref name="table"/> (<c>type:name</c>).</summary>
    /// <param name="table">The table, for example <c>texthash:/etc/postfix/virtual</c> or <c>inline:{a=1}</c>.</param>
    /// <param name="options">postmap's flags and the main.cf settings; null for the defaults.</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop with a fatal error (the message is Postfix's).</exception>
    public ILookupTable Open(string table, LookupTableOptions? options = null)
    {
        options ??= LookupTableOptions.Default;
        var (type, name) = Split(table);
        if (name.Length == 0)
        {
            throw new LookupTableOpenException($"open dictionary: expecting \"type:name\" form instead of \"{table}\"");
        }

        switch (type)
        {
            case "inline":
                var inline = InlineTable.Parse(name, options);
                return inline.OpenError is null ? inline : throw new LookupTableOpenException(inline.OpenError);
            case "static":
                var st = StaticTable.Parse(name, options);
                return st.OpenError is null ? st : throw new LookupTableOpenException(st.OpenError);
            case "texthash":
                return PostmapSource.Parse(Read(name, "open database "), new PostmapSourceOptions { SourceName = name, Utf8 = options.Utf8 }).ToTable(options, type);
            case "cidr":
                return CidrSource.Parse(Read(name, "open "), new CidrSourceOptions { SourceName = name }).ToTable(options);
            case "regexp":
                return Regexp.PatternTableDocument.Parse(Read(name, "open "), new Regexp.PatternTableOptions { SourceName = name }).ToTable();
            case "pcre":
                return Regexp.PatternTableDocument.Parse(Read(name, "open "), new Regexp.PatternTableOptions { SourceName = name, Dialect = Regexp.PatternTableDialect.Pcre }).ToTable();
        }

        if (IsDatabaseType(type))
        {
            return PostmapSource.Parse(Read(name, "open "), new PostmapSourceOptions { SourceName = name, Utf8 = options.Utf8 }).ToTable(options, type);
        }

        if (Database.DatabaseTableTypes.TryParse(type, out var dbType))
        {
            // Turned off by the feature switch (trimmed builds): refused before the configuration is read, as Postfix
            // refuses a type it was built without.
            return Database.DatabaseLookups.IsSupported
                ? OpenDatabase(dbType, name, options)
                : throw new LookupTableOpenException($"unsupported dictionary type: {type}");
        }

        throw new LookupTableOpenException($"unsupported dictionary type: {type}");
    }

    /// <summary>
    /// Answers one query the way <c>postmap -q KEY table</c> does: opens <paramref name="table"/>, reports the
    /// warnings Postfix prints when it opens it and while it looks the key up, and returns the value's exact bytes (null
    /// when not found). A <c>texthash:</c> table is answered by one pass over its file without building the table (same
    /// answer and warnings, several times faster and smaller for one key on a big file); use <see cref="Open"/> to ask
    /// many keys.
    /// </summary>
    /// <param name="table">The table (<c>type:name</c>).</param>
    /// <param name="key">The key's bytes (a NUL byte ends the key, as in Postfix).</param>
    /// <param name="options">postmap's flags and the main.cf settings; null for the defaults.</param>
    /// <param name="warn">Receives each warning Postfix would print, in order (text after <c>warning: </c>); may be null.</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop with a fatal error (the message is Postfix's).</exception>
    public byte[]? Query(string table, ReadOnlySpan<byte> key, LookupTableOptions? options = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= LookupTableOptions.Default;
        var (type, name) = Split(table);
        if (type == "texthash" && name.Length > 0)
        {
            return TexthashScan.Lookup(Read(name, "open database "), name, key, options, warn);
        }

        var opened = Open(table, options);
        IEnumerable<string> warnings = opened switch
        {
            LookupTable ours => ours.WarnsOnOpen ? ours.PostfixWarnings : [],
            Regexp.PatternTable pattern => pattern.Document.PostfixWarnings,
            _ => opened.Diagnostics.Select(d => d.Message),
        };
        foreach (var w in warnings)
        {
            warn?.Invoke(w);
        }

        if (opened is LookupTable table1)
        {
            return table1.LookupBytes(key, warn);
        }

        var nul = key.IndexOf((byte)0);
        var value = opened.Lookup(PostfixText.Decode(nul >= 0 ? key[..nul] : key));
        return value is null ? null : PostfixText.Encode(value);
    }

    /// <summary>
    /// Opens <paramref name="table"/> the way <c>postalias -q</c> does: a database type (<c>hash:</c>, <c>btree:</c>,
    /// <c>lmdb:</c>, <c>cdb:</c>, <c>dbm:</c>, <c>sdbm:</c>, or no type) is answered from its <em>aliases source file</em>
    /// (<see cref="Aliases.AliasTable"/>); any other type is opened as by <see cref="Open"/>, because postalias then
    /// reads it with that type's own rules (a <c>texthash:</c> file is a postmap-format file even for postalias).
    /// </summary>
    /// <param name="table">The table, for example <c>hash:/etc/aliases</c>.</param>
    /// <param name="options">postalias's flags and the main.cf settings; null for the defaults.</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop with a fatal error (the message is Postfix's).</exception>
    public ILookupTable OpenAliases(string table, LookupTableOptions? options = null)
    {
        options ??= LookupTableOptions.Default;
        var (type, name) = Split(table);
        if (name.Length > 0 && IsDatabaseType(type))
        {
            byte[] text;
            try
            {
                text = Read(name, "open ");
            }
            catch (LookupTableOpenException e) when (e.InnerException is FileNotFoundException or DirectoryNotFoundException)
            {
                // Without its source there is (in practice) no database either; say what postalias says about that.
                throw new LookupTableOpenException($"open database {name}{DatabaseSuffix(type)}: No such file or directory", e);
            }

            var utf8 = options.DatabaseUtf8 ?? options.Utf8;
            return Aliases.AliasSource.Parse(text, new Aliases.AliasSourceOptions { SourceName = name, Utf8 = utf8 }).ToTable(options, type);
        }

        return Open(table, options);
    }

    /// <summary>
    /// Reads the configuration of a database table (<c>mysql:</c>, <c>pgsql:</c>, <c>sqlite:</c>, <c>ldap:</c>,
    /// <c>memcache:</c>) as Postfix does when it opens it: from the file when the name starts with <c>/</c> or
    /// <c>.</c>, else from main.cf (<see cref="LookupTableOptions.MainCf"/>).
    /// </summary>
    /// <param name="type">The table type.</param>
    /// <param name="name">The name after <c>type:</c>.</param>
    /// <param name="options">Options (main.cf for the embedded form).</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop with a fatal error (its message).</exception>
    public Database.DatabaseTableConfiguration OpenDatabaseConfiguration(Database.DatabaseTableType type, string name, LookupTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= LookupTableOptions.Default;
        Database.DatabaseTableSettings settings;
        if (Database.DatabaseTableTypes.IsFileName(name))
        {
            byte[] bytes;
            try
            {
                bytes = _fileSystem.File.ReadAllBytes(name);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new LookupTableOpenException($"open {name}: No such file or directory", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new LookupTableOpenException($"open {name}: Permission denied", e);
            }
            catch (IOException e)
            {
                throw new LookupTableOpenException($"open {name}: {e.Message}", e);
            }

            var doc = Database.DatabaseTableDocument.Parse(bytes, new Database.DatabaseTableDocumentOptions { Type = type, SourceName = name });
            settings = Database.DatabaseTableSettings.FromDocument(doc, name);
        }
        else
        {
            settings = Database.DatabaseTableSettings.FromMainCf(options.MainCf ?? MainCf.MainCfDocument.Create(), name);
        }

        return Database.DatabaseTableConfiguration.Open(type, settings, table => Open(table, options), path =>
        {
            try
            {
                return _fileSystem.File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LookupTableOpenException($"open {path}: {(e is UnauthorizedAccessException ? "Permission denied" : "No such file or directory")}", e);
            }
        });
    }

    private Database.DatabaseLookupTable OpenDatabase(Database.DatabaseTableType type, string name, LookupTableOptions options) =>
        Database.DatabaseLookupTable.Open(OpenDatabaseConfiguration(type, name, options), options);

    /// <summary>The file name suffix of a database type (<c>.db</c> for hash and btree).</summary>
    internal static string DatabaseSuffix(string type) => type switch
    {
        "hash" or "btree" => ".db",
        "lmdb" => ".lmdb",
        "cdb" => ".cdb",
        "dbm" or "sdbm" => ".pag",
        _ => string.Empty,
    };

    /// <summary>Reads a table's source file, turning I/O failures into Postfix's <c>open PATH: reason</c> message.</summary>
    /// <param name="path">The path.</param>
    /// <param name="prefix">The words before the path (<c>open </c> or <c>open database </c>).</param>
    internal byte[] Read(string path, string prefix)
    {
        try
        {
            if (_fileSystem.Directory.Exists(path))
            {
                throw new LookupTableOpenException($"read {path}: Is a directory");
            }

            return _fileSystem.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new LookupTableOpenException($"{prefix}{path}: No such file or directory", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new LookupTableOpenException($"{prefix}{path}: Permission denied", e);
        }
        catch (IOException e)
        {
            throw new LookupTableOpenException($"{prefix}{path}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // A path the file system cannot name at all (an embedded NUL, …): documented by File.ReadAllBytes; found
            // by the CLI argument property test (postalias -s with such a path let it escape).
            throw new LookupTableOpenException($"{prefix}{path}: Invalid argument", e);
        }
    }
}
