using System.IO.Abstractions;
using Postfix.Config.IO;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;

// The library's document contract fixes these overloads (Load path/stream, SaveAsync own path/new path).
#pragma warning disable RS0026

namespace Postfix.Config.Tables.Database;

/// <summary>
/// A database table configuration file (<c>mysql:/etc/postfix/virtual_domains.cf</c> and the pgsql, sqlite, ldap and
/// memcache equivalents), read losslessly with main.cf's line rules (Postfix reads it with the main.cf reader). Writing
/// an unedited document gives back its exact bytes; edits return new documents.
/// </summary>
public sealed class DatabaseTableDocument : IConfigDocument<DatabaseTableDocument, DatabaseTableDocumentOptions>
{
    private const string DefaultName = "table.cf";
    private readonly MainCfDocument _doc;

    private DatabaseTableDocument(MainCfDocument doc, DatabaseTableDocumentOptions options)
    {
        _doc = doc;
        Options = options;
        Diagnostics = [.. doc.Diagnostics, .. CatalogDiagnostics(doc, options.Type)];
    }

    /// <summary>The options the document was read with.</summary>
    public DatabaseTableDocumentOptions Options { get; }

    /// <summary>The table type, when known.</summary>
    public DatabaseTableType? Type => Options.Type;

    /// <summary>The path the document was loaded from, or null.</summary>
    public string? Path => _doc.Path;

    /// <summary>The file's state when it was loaded or saved, or null.</summary>
    public FileStamp? Stamp => _doc.Stamp;

    /// <summary>Line-level problems (main.cf rules) and, with a known <see cref="Type"/>, unknown and obsolete parameters.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether a diagnostic is an error (Postfix would stop when it opens the table).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The underlying main.cf-syntax document (entries with exact spans).</summary>
    public MainCfDocument Syntax => _doc;

    /// <summary>Every parameter definition in file order (duplicates included).</summary>
    public IEnumerable<MainCfParameter> Definitions => _doc.Definitions;

    /// <summary>Parses configuration bytes. Never throws on content.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="options">Type and source name; null for none.</param>
    public static DatabaseTableDocument Parse(ReadOnlySpan<byte> bytes, DatabaseTableDocumentOptions? options = null)
    {
        options ??= new DatabaseTableDocumentOptions();
        return new(MainCfDocument.Parse(bytes, new MainCfOptions { SourceName = options.SourceName ?? DefaultName }), options);
    }

    /// <summary>Reads a stream to its end and parses it.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="options">Type and source name; null for none.</param>
    public static DatabaseTableDocument Load(Stream stream, DatabaseTableDocumentOptions? options = null)
    {
        options ??= new DatabaseTableDocumentOptions();
        return new(MainCfDocument.Load(stream, new MainCfOptions { SourceName = options.SourceName ?? DefaultName }), options);
    }

    /// <summary>Loads a file (diagnostics name it by <paramref name="path"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="fileSystem">The file system; the real one when null.</param>
    /// <param name="options">Type; null for none.</param>
    public static DatabaseTableDocument Load(string path, IFileSystem? fileSystem = null, DatabaseTableDocumentOptions? options = null)
    {
        options ??= new DatabaseTableDocumentOptions();
        return new(MainCfDocument.Load(path, fileSystem, new MainCfOptions { SourceName = options.SourceName }), options);
    }

    /// <summary>Loads a file asynchronously (diagnostics name it by <paramref name="path"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="fileSystem">The file system; the real one when null.</param>
    /// <param name="options">Type; null for none.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<DatabaseTableDocument> LoadAsync(string path, IFileSystem? fileSystem = null, DatabaseTableDocumentOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DatabaseTableDocumentOptions();
        var doc = await MainCfDocument.LoadAsync(path, fileSystem, new MainCfOptions { SourceName = options.SourceName }, cancellationToken).ConfigureAwait(false);
        return new(doc, options);
    }

    /// <summary>An empty configuration.</summary>
    /// <param name="options">Type and source name; null for none.</param>
    public static DatabaseTableDocument Create(DatabaseTableDocumentOptions? options = null) => Parse([], options);

    /// <summary>
    /// A new configuration with the given parameters, one <c>name = value</c> line each, in the order given. Every name
    /// must be one the type reads (see <see cref="DatabaseParameterCatalog"/>).
    /// </summary>
    /// <param name="type">The table type.</param>
    /// <param name="parameters">Names and values.</param>
    /// <exception cref="ArgumentException">A name the type does not read, or a value with a line break.</exception>
    public static DatabaseTableDocument FromParameters(DatabaseTableType type, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var doc = Create(new DatabaseTableDocumentOptions { Type = type });
        foreach (var (name, value) in parameters)
        {
            if (DatabaseParameterCatalog.Find(type, name) is null)
            {
                throw new ArgumentException($"{DatabaseTableTypes.Name(type)} tables do not read a parameter named {name}", nameof(parameters));
            }

            doc = doc.Set(name, value);
        }

        return doc;
    }

    /// <summary>The exact bytes.</summary>
    public byte[] ToBytes() => _doc.ToBytes();

    /// <summary>Writes the exact bytes to <paramref name="stream"/>.</summary>
    /// <param name="stream">The destination.</param>
    public void Save(Stream stream) => _doc.Save(stream);

    /// <summary>Saves back to <see cref="Path"/> atomically, keeping mode and owner; refuses when the file changed since it was loaded.</summary>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task<DatabaseTableDocument> SaveAsync(CancellationToken cancellationToken = default) =>
        new(await _doc.SaveAsync(cancellationToken).ConfigureAwait(false), Options);

    /// <summary>Saves back to <see cref="Path"/> with backup/overwrite options.</summary>
    /// <param name="options">Backup and overwrite options.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task<DatabaseTableDocument> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default) =>
        new(await _doc.SaveAsync(options, cancellationToken).ConfigureAwait(false), Options);

    /// <summary>Saves to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Where to save.</param>
    /// <param name="fileSystem">The file system; the real one when null.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task<DatabaseTableDocument> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        new(await _doc.SaveAsync(path, fileSystem, cancellationToken).ConfigureAwait(false), Options);

    /// <summary>The value that counts for <paramref name="name"/> (the last definition), or null when absent.</summary>
    /// <param name="name">The parameter name (case-sensitive).</param>
    public string? GetValue(string name) => _doc.GetValue(name);

    /// <summary>Sets a value in place (only the value bytes change); an absent parameter is appended as <c>name = value</c>.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value (no line breaks).</param>
    public DatabaseTableDocument Set(string name, string value) => new(_doc.Set(name, value), Options);

    /// <summary>Removes every definition of the names (comment lines inside continued values are kept).</summary>
    /// <param name="names">The parameter names.</param>
    public DatabaseTableDocument Remove(params IEnumerable<string> names) => new(_doc.Remove(names), Options);

    /// <summary>Comments out every definition of the names.</summary>
    /// <param name="names">The parameter names.</param>
    public DatabaseTableDocument CommentOut(params IEnumerable<string> names) => new(_doc.CommentOut(names), Options);

    /// <summary>Sets a value exactly as <c>postconf -e</c> would write it (every definition becomes one <c>name = value</c> line).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value.</param>
    public DatabaseTableDocument PostconfSet(string name, string value) => new(_doc.PostconfSet(name, value).Document, Options);

    /// <summary>The effective settings of this file, as the table code reads them (see <see cref="DatabaseTableSettings"/>).</summary>
    /// <param name="tableName">The table name Postfix uses in messages (the path); null for <see cref="Path"/> or the source name.</param>
    public DatabaseTableSettings ToSettings(string? tableName = null) =>
        DatabaseTableSettings.FromDocument(this, tableName ?? Path ?? _doc.SourceName);

    private static IEnumerable<Diagnostic> CatalogDiagnostics(MainCfDocument doc, DatabaseTableType? type)
    {
        if (type is not { } t)
        {
            yield break;
        }

        var typeName = DatabaseTableTypes.Name(t);
        foreach (var p in doc.Definitions)
        {
            var info = DatabaseParameterCatalog.Find(t, p.Name);
            if (info is null)
            {
                var shown = DatabaseTableSettings.LooksSecret(p.Name) ? "(hidden)" : p.Value;
                yield return new Diagnostic(DiagnosticSeverity.Warning, DatabaseDiagnosticCodes.UnusedParameter,
                    $"{typeName}:{doc.SourceName}: unused parameter: {p.Name}={shown}", p.Location);
            }
            else if (info.IsObsolete)
            {
                yield return new Diagnostic(DiagnosticSeverity.Warning, DatabaseDiagnosticCodes.ObsoleteParameter,
                    $"{typeName}:{doc.SourceName}: obsolete parameter: {p.Name} ({ObsoleteHint(t, p.Name)})", p.Location);
            }
        }
    }

    private static string ObsoleteHint(DatabaseTableType type, string name) => name switch
    {
        "result_filter" => "use result_format",
        "cache" or "cache_expiry" or "cache_size" => "ignored since Postfix 2.4",
        "select_function" => "use query = SELECT function('%s')",
        _ => type == DatabaseTableType.Sqlite || type == DatabaseTableType.Mysql || type == DatabaseTableType.Pgsql
            ? "use query; ignored when query is set"
            : "ignored",
    };
}
