using System.IO.Abstractions;
using Postfix.Config.Catalog;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Database;

namespace Postfix.Config.Tables;

/// <summary>
/// Finds the lookup tables a configuration names (explicit main.cf settings and master.cf <c>-o</c> overrides, after
/// <c>$name</c> expansion) and checks their sources as Postfix would read them: missing files, unsupported types, every
/// warning of the table parsers with file, line and column, and Postfix's "database is older than source file".
/// </summary>
public sealed class TableReferenceChecker
{
    private static readonly string[] KnownTypes =
    [
        "btree", "cdb", "cidr", "dbm", "environ", "fail", "hash", "inline", "internal", "ldap", "lmdb", "memcache", "mongodb", "mysql",
        "netinfo", "nis", "nisplus", "pcre", "pgsql", "pipemap", "proxy", "randmap", "regexp", "sdbm", "socketmap", "sqlite", "static",
        "tcp", "texthash", "unionmap", "unix",
    ];

    private readonly IFileSystem _fileSystem;
    private readonly TimeProvider _time;

    /// <summary>Creates a checker.</summary>
    /// <param name="fileSystem">Where the table files are read.</param>
    /// <param name="time">The clock for the "older than source" rule (null: the system clock).</param>
    public TableReferenceChecker(IFileSystem fileSystem, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fileSystem = fileSystem;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The tables named by the parameters set in <paramref name="mainCf"/> and by the <c>-o</c> overrides of <paramref name="masterCf"/>.</summary>
    /// <param name="mainCf">main.cf.</param>
    /// <param name="masterCf">master.cf, or null.</param>
    /// <param name="configDirectory">The configuration directory (the value of <c>$config_directory</c>, as with <c>postconf -c</c>); null for the default.</param>
    public static IReadOnlyList<TableReference> FindReferences(MainCfDocument mainCf, MasterCfDocument? masterCf, string? configDirectory)
    {
        ArgumentNullException.ThrowIfNull(mainCf);
        var evaluator = new ParameterEvaluator(mainCf.GetValue, new ParameterEvaluatorOptions { ConfigDirectory = configDirectory });
        var result = new List<TableReference>();
        foreach (var parameter in mainCf.Definitions.GroupBy(p => p.Name, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var value = evaluator.Expand(parameter.Name).Value;
            Collect(parameter.Name, value, parameter.Location, result);
        }

        foreach (var service in masterCf?.Services ?? [])
        {
            foreach (var option in service.Options)
            {
                if (option.Name.Length == 0)
                {
                    continue;
                }

                var value = service.ExpandEffectiveValue(option.Name, evaluator.GetRawValue)?.Value ?? string.Empty;
                Collect(option.Name, value, option.OptionToken.Location, result);
            }
        }

        return result;
    }

    /// <summary>Checks every table the configuration names; returns the diagnostics in order (each table once).</summary>
    /// <param name="mainCf">main.cf.</param>
    /// <param name="masterCf">master.cf, or null.</param>
    /// <param name="configDirectory">The configuration directory (<c>$config_directory</c>); null for the default.</param>
    /// <param name="options">How tables are read (SMTPUTF8); null: from main.cf.</param>
    public IReadOnlyList<Diagnostic> Check(MainCfDocument mainCf, MasterCfDocument? masterCf, string? configDirectory, LookupTableOptions? options)
    {
        ArgumentNullException.ThrowIfNull(mainCf);
        options ??= LookupTableOptions.FromMainCf(mainCf.ToBytes());
        var diagnostics = new List<Diagnostic>();
        var seen = new HashSet<(string, string, bool)>();
        var references = FindReferences(mainCf, masterCf, configDirectory);
        foreach (var reference in references)
        {
            if (seen.Add((reference.Type, reference.Name, reference.IsAliasFile)))
            {
                diagnostics.AddRange(Check(reference, options));
            }
        }

        var evaluator = new ParameterEvaluator(mainCf.GetValue, new ParameterEvaluatorOptions { ConfigDirectory = configDirectory });
        diagnostics.AddRange(DatabaseTableChecks.CheckEmbedded(mainCf, references, _fileSystem));
        diagnostics.AddRange(DatabaseTableChecks.CheckProxy(references, evaluator));
        diagnostics.AddRange(DatabaseTableChecks.CheckChroot(mainCf, masterCf, references));
        return diagnostics;
    }

    /// <summary>Checks one table.</summary>
    /// <param name="reference">The table.</param>
    /// <param name="options">How tables are read.</param>
    public IReadOnlyList<Diagnostic> Check(TableReference reference, LookupTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        var type = reference.Type;
        if (!KnownTypes.Contains(type, StringComparer.Ordinal))
        {
            return [Error(TableDiagnosticCodes.UnsupportedType, $"unsupported dictionary type: {type} (in {reference.Parameter})", reference.Location)];
        }

        if (DatabaseTableTypes.TryParse(type, out var databaseType))
        {
            return [.. DatabaseTableChecks.CheckReference(reference, databaseType, _fileSystem)];
        }

        if (!LookupTableFactory.FileTypes.Contains(type, StringComparer.Ordinal))
        {
            return [];
        }

        var factory = new LookupTableFactory(_fileSystem);
        if (!LookupTableFactory.IsDatabaseType(type))
        {
            try
            {
                return factory.Open(type + ":" + reference.Name, options).Diagnostics;
            }
            catch (LookupTableOpenException e)
            {
                return [Error(TableDiagnosticCodes.OpenFailed, $"{e.Message} (in {reference.Parameter})", reference.Location)];
            }
        }

        var database = reference.Name + LookupTableFactory.DatabaseSuffix(type);
        var hasSource = _fileSystem.File.Exists(reference.Name);
        if (!_fileSystem.File.Exists(database))
        {
            // Without source and database Postfix's lookups fail; with a source only, the database is yet to be built.
            var message = $"open database {database}: No such file or directory (in {reference.Parameter})";
            return hasSource
                ? [new Diagnostic(DiagnosticSeverity.Warning, TableDiagnosticCodes.DatabaseMissing, $"{message}; build it with: {(reference.IsAliasFile ? "postalias" : "postmap")} {type}:{reference.Name}", reference.Location)]
                : [Error(TableDiagnosticCodes.OpenFailed, message, reference.Location)];
        }

        if (!hasSource)
        {
            return [];
        }

        var result = new List<Diagnostic>();
        try
        {
            ILookupTable table = reference.IsAliasFile
                ? factory.OpenAliases(type + ":" + reference.Name, options)
                : factory.Open(type + ":" + reference.Name, options);
            result.AddRange(table.Diagnostics);
        }
        catch (LookupTableOpenException e)
        {
            result.Add(Error(TableDiagnosticCodes.OpenFailed, $"{e.Message} (in {reference.Parameter})", reference.Location));
        }

        // Postfix warns when the source is newer than the database, unless the source changed in the last 100 seconds.
        var sourceTime = _fileSystem.File.GetLastWriteTimeUtc(reference.Name);
        var databaseTime = _fileSystem.File.GetLastWriteTimeUtc(database);
        if (Seconds(sourceTime) > Seconds(databaseTime) && Seconds(sourceTime) < _time.GetUtcNow().ToUnixTimeSeconds() - 100)
        {
            result.Add(new Diagnostic(DiagnosticSeverity.Warning, TableDiagnosticCodes.DatabaseOlder, $"database {database} is older than source file {reference.Name}", new SourceLocation(reference.Name, 1, 1)));
        }

        return result;
    }

    private static long Seconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    // Postfix itself reads main.cf fine and fails only when a daemon opens the table: a warning, not a refused configuration.
    private static Diagnostic Error(string code, string message, SourceLocation location) => new(DiagnosticSeverity.Warning, code, message, location);

    private static void Collect(string parameter, string value, SourceLocation location, List<TableReference> result)
    {
        // Parameters whose every "word:rest" item is a table; elsewhere only the known table types count.
        var tableList = parameter.EndsWith("_maps", StringComparison.Ordinal) || parameter.EndsWith("_checks", StringComparison.Ordinal)
            || parameter.EndsWith("_restrictions", StringComparison.Ordinal) || parameter == "alias_database";
        var alias = parameter is "alias_maps" or "alias_database";
        var items = Split(value);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0 && items[i - 1] is "check_policy_service")
            {
                continue;
            }

            Add(items[i], parameter, location, tableList, alias, result);
        }
    }

    private static void Add(string item, string parameter, SourceLocation location, bool tableList, bool alias, List<TableReference> result, bool viaProxy = false)
    {
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !item[..colon].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            return;
        }

        var type = item[..colon];
        var name = item[(colon + 1)..];
        if (!KnownTypes.Contains(type, StringComparer.Ordinal) && !tableList)
        {
            return;
        }

        switch (type)
        {
            case "proxy":
                Add(name, parameter, location, true, alias, result, viaProxy: true);
                return;
            case "unionmap" or "pipemap" when name.StartsWith('{') && name.EndsWith('}'):
                foreach (var inner in Split(name[1..^1]))
                {
                    Add(inner, parameter, location, true, alias, result, viaProxy);
                }

                return;
        }

        result.Add(new TableReference(type, name, parameter, location, alias) { ViaProxy = viaProxy });
    }

    /// <summary>Splits a list value at commas and blanks outside <c>{ }</c> (Postfix's <c>mystrtok</c> with brace grouping).</summary>
    internal static List<string> Split(string value)
    {
        var items = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ' ';
            var separator = depth == 0 && c is ',' or ' ' or '\t' or '\r' or '\n';
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }

            if (separator || i == value.Length)
            {
                if (start >= 0)
                {
                    items.Add(value[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return items;
    }
}
