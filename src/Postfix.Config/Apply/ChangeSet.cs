using System.ComponentModel;
using System.IO.Abstractions;
using System.Security.Cryptography;
using System.Text;
using Postfix.Config.IO;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Processes;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;

namespace Postfix.Config.Apply;

/// <summary>
/// Edits to one Postfix configuration (main.cf, master.cf, lookup-table sources, new files such as DH parameters),
/// staged together, previewed as unified diffs and committed as one change: lock, check nothing changed since it was
/// read, check the new content, keep the previous versions, write every file atomically, <c>postfix check</c>, build
/// the indexed tables, reload. Any failure puts every file back byte for byte and brings the tables back in step.
/// Committing the same change again writes, builds and reloads nothing.
/// </summary>
public sealed class ChangeSet
{
    private const string LockName = ".postfix-net.lock";
    private const int OutputLimit = 64 * 1024;

    private readonly ChangeSetOptions _options;
    private readonly IFileSystem _fs;
    private readonly IUnixFileOperations _unix;
    private readonly IProcessRunner _runner;
    private readonly Dictionary<string, Original> _originals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Staged> _staged = new(StringComparer.Ordinal);
    private readonly List<(string Table, bool IsAlias)> _requested = [];
    private readonly List<string> _order = [];
    private string? _undoEntry;

    private ChangeSet(string configDirectory, ChangeSetOptions options)
    {
        _options = options;
        _fs = options.FileSystem ?? new FileSystem();
        _unix = options.UnixFileOperations ?? IO.UnixFileOperations.Instance;
        _runner = options.Runner ?? ProcessRunner.Instance;
        ConfigDirectory = configDirectory.Length > 1 ? configDirectory.TrimEnd('/') : configDirectory;
        MainCfPath = ConfigDirectory + "/main.cf";
        MasterCfPath = ConfigDirectory + "/master.cf";
    }

    /// <summary>The configuration directory (absolute).</summary>
    public string ConfigDirectory { get; }

    /// <summary>The path of main.cf.</summary>
    public string MainCfPath { get; }

    /// <summary>The path of master.cf.</summary>
    public string MasterCfPath { get; }

    /// <summary>A short description kept with the history entry (for example the recipe's name and arguments).</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>main.cf as it will be after the commit (the staged version, else the file as read).</summary>
    public MainCfDocument MainCf => ParseMainCf(Read(MainCfPath) ?? ReadOnlyMemory<byte>.Empty);

    /// <summary>master.cf as it will be after the commit.</summary>
    public MasterCfDocument MasterCf => MasterCfDocument.Parse((Read(MasterCfPath) ?? ReadOnlyMemory<byte>.Empty).Span, new MasterCfOptions { SourceName = MasterCfPath });

    /// <summary>The staged changes that differ from the files as read, in the order they were first staged.</summary>
    public IReadOnlyList<FileChange> Changes => [.. _order.Select(Change).OfType<FileChange>()];

    /// <summary>Nothing staged differs from what is on disk (stale tables may still be rebuilt by a commit).</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>The history entry this change set undoes, or null.</summary>
    public string? UndoOf => _undoEntry;

    /// <summary>Starts a change set for the configuration in <paramref name="configDirectory"/> and reads main.cf and master.cf.</summary>
    /// <param name="configDirectory">The configuration directory: an absolute path.</param>
    /// <param name="options">How it reads, writes, checks and reloads (null: the defaults).</param>
    /// <exception cref="ArgumentException">The directory is not an absolute path.</exception>
    /// <exception cref="IOException">main.cf cannot be read.</exception>
    public static ChangeSet Open(string configDirectory, ChangeSetOptions? options = null)
    {
        ProcessArguments.ValidateConfigDirectory(configDirectory);
        var set = new ChangeSet(configDirectory, options ?? ChangeSetOptions.Default);
        if (set.Read(set.MainCfPath) is null)
        {
            throw new FileNotFoundException($"open {set.MainCfPath}: No such file or directory", set.MainCfPath);
        }

        _ = set.Read(set.MasterCfPath);
        return set;
    }

    /// <summary>
    /// Starts a change set that undoes the last committed change set kept in the history: every file it wrote goes back
    /// to its previous content (files it created are removed, with the databases built for them). Returns null when
    /// the history is empty.
    /// </summary>
    /// <param name="configDirectory">The configuration directory: an absolute path.</param>
    /// <param name="options">How it reads, writes, checks and reloads (null: the defaults).</param>
    /// <exception cref="FileChangedException">A file changed after that change set wrote it; undoing it would lose that edit.</exception>
    public static ChangeSet? OpenUndo(string configDirectory, ChangeSetOptions? options = null)
    {
        var set = Open(configDirectory, options);
        var history = set.History();
        var entry = history.Latest();
        if (entry is null)
        {
            return null;
        }

        var changed = new List<string>();
        foreach (var file in entry.Files)
        {
            var current = set.Read(file.Path);
            var currentHash = current is null ? null : Hash(current.Value.Span);
            if (!string.Equals(currentHash, file.AfterSha256, StringComparison.Ordinal))
            {
                changed.Add(file.Path);
            }
        }

        if (changed.Count > 0)
        {
            throw new FileChangedException(
                $"cannot undo \"{entry.Description}\" ({entry.Id}): changed since it was applied: {string.Join(", ", changed)}");
        }

        foreach (var file in entry.Files)
        {
            if (file.Before is { } before)
            {
                set.Stage(file.Path, before, file.Mode);
            }
            else
            {
                set.StageRemoval(file.Path);
            }
        }

        // Databases built for sources that did not exist before go with them.
        foreach (var table in entry.Tables.Where(t => !t.DatabaseExisted && entry.Files.Any(f => f.Path == t.Source && f.Before is null)))
        {
            var database = table.Source + LookupTableFactory.DatabaseSuffix(table.Type);
            if (set.Read(database) is not null)
            {
                set.StageRemoval(database);
            }
        }

        set._undoEntry = entry.Id;
        set.Description = "undo " + entry.Id + (entry.Description.Length > 0 ? " (" + entry.Description + ")" : string.Empty);
        return set;
    }

    /// <summary>The content a file will have after the commit: the staged content, else what is on disk (read once and remembered); null when it does not exist.</summary>
    /// <param name="path">An absolute path.</param>
    public ReadOnlyMemory<byte>? Read(string path)
    {
        var full = FullPath(path);
        if (_staged.TryGetValue(full, out var staged))
        {
            return Bytes(staged.Content);
        }

        return Bytes(OriginalOf(full).Content);
    }

    /// <summary>Stages new content for a file (main.cf, master.cf, a table source, or a new file such as DH parameters).</summary>
    /// <param name="path">An absolute path.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="newFileMode">The permissions of a file that does not exist yet (null: 0644). An existing file keeps its own mode and owner.</param>
    public void Stage(string path, ReadOnlyMemory<byte> content, UnixFileMode? newFileMode = null)
    {
        var full = FullPath(path);
        _ = OriginalOf(full);
        if (!_staged.ContainsKey(full))
        {
            _order.Add(full);
        }

        _staged[full] = new Staged(content.ToArray(), newFileMode);
    }

    /// <summary>Stages the removal of a file.</summary>
    /// <param name="path">An absolute path.</param>
    public void StageRemoval(string path)
    {
        var full = FullPath(path);
        _ = OriginalOf(full);
        if (!_staged.ContainsKey(full))
        {
            _order.Add(full);
        }

        _staged[full] = new Staged(null, null);
    }

    /// <summary>Stages a new version of main.cf.</summary>
    /// <param name="document">The edited document.</param>
    public void StageMainCf(MainCfDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Stage(MainCfPath, document.ToBytes());
    }

    /// <summary>Stages a new version of master.cf.</summary>
    /// <param name="document">The edited document.</param>
    public void StageMasterCf(MasterCfDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Stage(MasterCfPath, document.ToBytes());
    }

    /// <summary>Asks the commit to build an indexed table even when its source is not part of the change.</summary>
    /// <param name="table">The table, <c>type:/path</c> (for example <c>hash:/etc/postfix/transport</c>).</param>
    /// <param name="isAlias">Build it with <c>postalias</c>.</param>
    public void RequestTableBuild(string table, bool isAlias = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (type, name) = LookupTableFactory.Split(table);
        if (!LookupTableFactory.IsDatabaseType(type) || !name.StartsWith('/'))
        {
            throw new ArgumentException($"not an indexed table with an absolute path: {table}", nameof(table));
        }

        _requested.Add((type + ":" + FullPath(name), isAlias));
    }

    /// <summary>
    /// The indexed tables the commit will build: those named in the new main.cf or master.cf whose source is part of
    /// the change, whose database is missing or older than its source, or that were requested.
    /// </summary>
    public IReadOnlyList<TableBuild> PlannedTableBuilds()
    {
        var builds = new List<TableBuild>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (table, isAlias) in _requested)
        {
            var (type, name) = LookupTableFactory.Split(table);
            if (seen.Add(type + ":" + name + ":" + isAlias))
            {
                builds.Add(new TableBuild(type, name, isAlias, TableBuildReason.Requested));
            }
        }

        foreach (var reference in TableReferenceChecker.FindReferences(MainCf, MasterCf, ConfigDirectory))
        {
            if (!LookupTableFactory.IsDatabaseType(reference.Type) || !reference.Name.StartsWith('/'))
            {
                continue;
            }

            var source = FullPath(reference.Name);
            if (Read(source) is null || !seen.Add(reference.Type + ":" + source + ":" + reference.IsAliasFile))
            {
                continue;
            }

            if (Change(source) is not null)
            {
                builds.Add(new TableBuild(reference.Type, source, reference.IsAliasFile, TableBuildReason.SourceChanged));
            }
            else if (IsStale(reference.Type, source))
            {
                builds.Add(new TableBuild(reference.Type, source, reference.IsAliasFile, TableBuildReason.Stale));
            }
        }

        return builds;
    }

    /// <summary>All staged changes as one unified diff (empty when nothing differs).</summary>
    public string ToUnifiedDiff() => string.Concat(Changes.Select(c => c.ToUnifiedDiff()));

    /// <summary>
    /// Applies the change: lock, verify, check, keep the previous versions, write, <c>postfix check</c>, build tables,
    /// reload. On a failure every file is put back byte for byte and the tables are rebuilt (or removed) to match; the
    /// result says which step failed and what was put back. Never reloads a configuration that failed a check.
    /// </summary>
    /// <param name="cancellationToken">Cancels the commit before its writes start.</param>
    public async Task<ChangeSetResult> CommitAsync(CancellationToken cancellationToken = default)
    {
        var log = new List<string>();
        FileSystemStream? lockStream;
        try
        {
            lockStream = _fs.FileStream.New(ConfigDirectory + "/" + LockName, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(CommitStep.Lock, $"cannot lock {ConfigDirectory}/{LockName} (is another change being applied?): {e.Message}", log);
        }

        await using (lockStream.ConfigureAwait(false))
        {
            return await CommitLockedAsync(log, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ChangeSetResult> CommitLockedAsync(List<string> log, CancellationToken cancellationToken)
    {
        // Verify: every file read is still what it was.
        var changedOnDisk = _originals.Values.Where(o => !Unchanged(o)).Select(o => o.Path).ToList();
        if (changedOnDisk.Count > 0)
        {
            return Fail(CommitStep.Verify, "changed since the change set read it: " + string.Join(", ", changedOnDisk), log);
        }

        var changes = Changes;
        var builds = PlannedTableBuilds();
        if (changes.Count == 0 && builds.Count == 0)
        {
            log.Add("nothing to change");
            return new ChangeSetResult { Log = log };
        }

        // The project's checker on the new main.cf and master.cf, before anything is written.
        var oldMain = ParseMainCf(OriginalOf(MainCfPath).Content ?? ReadOnlyMemory<byte>.Empty);
        var newMain = MainCf;
        var newMaster = MasterCf;
        var diagnostics = new List<Diagnostic>();
        diagnostics.AddRange(newMain.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        diagnostics.AddRange(newMaster.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        if (changes.Any(c => c.Path == MainCfPath))
        {
            diagnostics.AddRange(New(oldMain.Diagnostics, newMain.Diagnostics));
        }

        if (changes.Any(c => c.Path == MasterCfPath) && OriginalOf(MasterCfPath).Content is { } oldMasterBytes)
        {
            diagnostics.AddRange(New(MasterCfDocument.Parse(oldMasterBytes, new MasterCfOptions { SourceName = MasterCfPath }).Diagnostics, newMaster.Diagnostics));
        }

        if (diagnostics.Count > 0)
        {
            return Fail(CommitStep.Check, "the new configuration has problems: " + diagnostics[0], log, diagnostics: diagnostics);
        }

        var tablesBefore = TableDiagnostics(oldMain, OldMasterCf());
        cancellationToken.ThrowIfCancellationRequested();

        // History: the previous versions, before anything is overwritten.
        var history = History();
        string historyId;
        try
        {
            historyId = _undoEntry is null ? history.Write(Description, changes, builds, _fs, Mode) : _undoEntry;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(CommitStep.History, "cannot keep the previous versions: " + e.Message, log);
        }

        var written = new List<Written>();
        var affected = builds.ToList();
        foreach (var change in changes)
        {
            foreach (var table in TablesWithSource(change.Path, oldMain))
            {
                if (!affected.Any(b => b.Table == table.Table && b.IsAlias == table.IsAlias))
                {
                    affected.Add(table);
                }
            }
        }

        var databases = affected.Select(b => new DatabaseState(b, _fs.File.Exists(Database(b)))).ToList();
        if (_undoEntry is null)
        {
            history.RecordTables(historyId, databases.Select(d => (d.Build, d.Existed)));
        }

        try
        {
            foreach (var change in changes)
            {
                var mode = change.IsNew ? _staged[change.Path].NewFileMode : null;
                written.Add(new Written(change, change.IsNew ? null : Mode(change.Path), change.IsNew ? null : _unix.GetOwner(change.Path)));
                if (change.After is { } after)
                {
                    WriteAtomically(change.Path, after.Span, mode);
                    log.Add((change.IsNew ? "created " : "wrote ") + change.Path);
                }
                else
                {
                    _fs.File.Delete(change.Path);
                    _unix.SyncDirectory(Directory(change.Path));
                    log.Add("removed " + change.Path);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return await RollBackAsync(CommitStep.Write, $"cannot write: {e.Message}", written, databases, history, historyId, log, diagnostics).ConfigureAwait(false);
        }

        // The tables the new configuration names: no new warning in a table the change wrote.
        var tablesAfter = TableDiagnostics(newMain, newMaster);
        var changedPaths = changes.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var tableProblems = New(tablesBefore, tablesAfter)
            .Where(d => changedPaths.Contains(d.Location.Path) && d.Code is not (TableDiagnosticCodes.DatabaseOlder or TableDiagnosticCodes.DatabaseMissing))
            .ToList();
        if (tableProblems.Count > 0)
        {
            return await RollBackAsync(CommitStep.Check, "a changed table has problems: " + tableProblems[0], written, databases, history, historyId, log, tableProblems).ConfigureAwait(false);
        }

        if (_options.PostfixCheck != PostfixCheckMode.Never)
        {
            // From the first write on the commit runs to its end (or its rollback): a cancellation would leave it half done.
            var check = await RunAsync(_options.PostfixProgram, ["-c", ConfigDirectory, "check"], CancellationToken.None).ConfigureAwait(false);
            if (check is null && _options.PostfixCheck == PostfixCheckMode.WhenInstalled)
            {
                log.Add("postfix check skipped: postfix is not installed");
            }
            else if (check is null || check.ExitCode != 0)
            {
                var why = check is null ? "postfix cannot be started" : $"postfix check failed (exit status {check.ExitCode}){Output(check)}";
                return await RollBackAsync(CommitStep.PostfixCheck, why, written, databases, history, historyId, log, diagnostics).ConfigureAwait(false);
            }
            else
            {
                log.Add("postfix -c " + ConfigDirectory + " check");
            }
        }

        foreach (var build in builds)
        {
            var done = await BuildAsync(build, CancellationToken.None).ConfigureAwait(false);
            if (done is not null)
            {
                return await RollBackAsync(CommitStep.BuildTables, done, written, databases, history, historyId, log, diagnostics).ConfigureAwait(false);
            }

            log.Add(build.ToString());
        }

        var restart = RestartParameters.Changed(oldMain, newMain);
        var reload = ReloadOutcome.Disabled;
        if (_options.Reload)
        {
            var status = await RunAsync(_options.PostfixProgram, ["-c", ConfigDirectory, "status"], CancellationToken.None).ConfigureAwait(false);
            if (status is null)
            {
                reload = ReloadOutcome.NotInstalled;
            }
            else if (status.ExitCode != 0)
            {
                reload = ReloadOutcome.NotRunning;
                log.Add("postfix is not running: the new configuration applies when it starts");
            }
            else
            {
                var result = await RunAsync(_options.PostfixProgram, ["-c", ConfigDirectory, "reload"], CancellationToken.None).ConfigureAwait(false);
                if (result is null || result.ExitCode != 0)
                {
                    var why = result is null ? "postfix cannot be started" : $"postfix reload failed (exit status {result.ExitCode}){Output(result)}";
                    return await RollBackAsync(CommitStep.Reload, why, written, databases, history, historyId, log, diagnostics).ConfigureAwait(false);
                }

                reload = ReloadOutcome.Reloaded;
                log.Add("postfix -c " + ConfigDirectory + " reload");
            }
        }

        if (restart.Count > 0)
        {
            log.Add("restart needed (postfix stop; postfix start): " + string.Join(", ", restart) + " changed");
        }

        if (_undoEntry is null)
        {
            history.Prune(_options.HistoryLimit);
        }
        else
        {
            history.Delete(_undoEntry);
        }

        ResetAfterCommit(changes);
        return new ChangeSetResult
        {
            Files = changes,
            TablesBuilt = builds,
            Reload = reload,
            RestartRequiredBy = restart,
            Diagnostics = diagnostics,
            Log = log,
            HistoryId = _undoEntry is null ? historyId : null,
        };
    }

    private async Task<ChangeSetResult> RollBackAsync(
        CommitStep step,
        string error,
        List<Written> written,
        List<DatabaseState> databases,
        ChangeHistoryStore history,
        string historyId,
        List<string> log,
        IReadOnlyList<Diagnostic> diagnostics)
    {
        var restored = new List<string>();
        var problems = new List<string>();
        for (var i = written.Count - 1; i >= 0; i--)
        {
            var w = written[i];
            try
            {
                if (w.Change.Before is { } before)
                {
                    WriteAtomically(w.Change.Path, before.Span, w.Mode, w.Owner);
                }
                else if (_fs.File.Exists(w.Change.Path))
                {
                    _fs.File.Delete(w.Change.Path);
                    _unix.SyncDirectory(Directory(w.Change.Path));
                }

                restored.Add(w.Change.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"could not put back {w.Change.Path}: {e.Message}");
            }
        }

        // Tables whose source or database the commit touched: rebuilt from the restored source, or removed when they did not exist before.
        var sourcesTouched = written.Select(w => w.Change.Path).ToHashSet(StringComparer.Ordinal);
        var buildsStarted = step >= CommitStep.BuildTables;
        foreach (var db in databases)
        {
            if (!sourcesTouched.Contains(db.Build.Source) && !buildsStarted)
            {
                continue;
            }

            var database = Database(db.Build);
            try
            {
                if (!db.Existed)
                {
                    if (_fs.File.Exists(database))
                    {
                        _fs.File.Delete(database);
                        restored.Add(database);
                    }
                }
                else if (_fs.File.Exists(db.Build.Source))
                {
                    var failure = await BuildAsync(db.Build, CancellationToken.None).ConfigureAwait(false);
                    if (failure is null)
                    {
                        restored.Add(db.Build.ToString());
                    }
                    else
                    {
                        problems.Add(failure);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"could not put back {database}: {e.Message}");
            }
        }

        if (_undoEntry is null && problems.Count == 0)
        {
            history.Delete(historyId);
        }

        log.Add("rolled back: " + (restored.Count == 0 ? "nothing was written" : string.Join(", ", restored)));
        log.AddRange(problems);
        return new ChangeSetResult
        {
            FailedStep = step,
            Error = problems.Count == 0 ? error : error + "; " + string.Join("; ", problems),
            Restored = restored,
            Diagnostics = diagnostics,
            Log = log,
        };
    }

    private static ChangeSetResult Fail(CommitStep step, string error, List<string> log, IReadOnlyList<Diagnostic>? diagnostics = null) =>
        new() { FailedStep = step, Error = error, Log = log, Diagnostics = diagnostics ?? [] };

    private static string Output(ProcessResult result)
    {
        var text = (result.StandardError + result.StandardOutput).Trim();
        return text.Length == 0 ? string.Empty : ": " + text;
    }

    private static IEnumerable<Diagnostic> New(IEnumerable<Diagnostic> before, IEnumerable<Diagnostic> after)
    {
        var old = before.Select(d => (d.Code, d.Message)).ToList();
        foreach (var d in after)
        {
            var i = old.IndexOf((d.Code, d.Message));
            if (i >= 0)
            {
                old.RemoveAt(i);
            }
            else
            {
                yield return d;
            }
        }
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static MainCfDocument ParseMainCf(ReadOnlyMemory<byte> bytes) => MainCfDocument.Parse(bytes.Span, new MainCfOptions { SourceName = "main.cf" });

    private static string Database(TableBuild build) => build.Source + LookupTableFactory.DatabaseSuffix(build.Type);

    private IReadOnlyList<Diagnostic> TableDiagnostics(MainCfDocument main, MasterCfDocument? master)
    {
        try
        {
            return new TableReferenceChecker(_fs).Check(main, master, ConfigDirectory, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private MasterCfDocument? OldMasterCf() =>
        OriginalOf(MasterCfPath).Content is { } bytes ? MasterCfDocument.Parse(bytes, new MasterCfOptions { SourceName = MasterCfPath }) : null;

    private IEnumerable<TableBuild> TablesWithSource(string path, MainCfDocument oldMain)
    {
        var references = TableReferenceChecker.FindReferences(MainCf, MasterCf, ConfigDirectory)
            .Concat(TableReferenceChecker.FindReferences(oldMain, OldMasterCf(), ConfigDirectory));
        foreach (var reference in references)
        {
            if (LookupTableFactory.IsDatabaseType(reference.Type) && reference.Name.StartsWith('/') && FullPath(reference.Name) == path)
            {
                yield return new TableBuild(reference.Type, path, reference.IsAliasFile, TableBuildReason.SourceChanged);
            }
        }
    }

    private bool IsStale(string type, string source)
    {
        var database = source + LookupTableFactory.DatabaseSuffix(type);
        if (!_fs.File.Exists(database))
        {
            return true;
        }

        return _fs.File.GetLastWriteTimeUtc(source) > _fs.File.GetLastWriteTimeUtc(database);
    }

    private async Task<string?> BuildAsync(TableBuild build, CancellationToken cancellationToken)
    {
        var program = build.IsAlias ? _options.PostaliasProgram : _options.PostmapProgram;
        var result = await RunAsync(program, ["-c", ConfigDirectory, build.Table], cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return $"{build}: {program} cannot be started (is Postfix installed?)";
        }

        return result.ExitCode == 0 ? null : $"{build} failed (exit status {result.ExitCode}){Output(result)}";
    }

    private async Task<ProcessResult?> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        IRunningProcess process;
        try
        {
            process = _runner.Start(program, arguments);
        }
        catch (Exception e) when (e is Win32Exception or FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (process.ConfigureAwait(false))
        {
            process.StandardInput.Close();
            var stdout = ReadBoundedAsync(process.StandardOutput, cancellationToken);
            var stderr = ReadBoundedAsync(process.StandardError, cancellationToken);
            var exit = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ProcessResult(exit, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }

    private static async Task<string> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var take = Math.Min(n, OutputLimit - (int)kept.Length);
            if (take > 0)
            {
                kept.Write(buffer, 0, take);
            }
        }

        return Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }

    private void WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode? mode, (uint Uid, uint Gid)? owner = null)
    {
        var directory = Directory(path);
        var exists = _fs.File.Exists(path);
        var keepMode = exists ? GetMode(path) : mode ?? (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var keepOwner = owner ?? (exists ? _unix.GetOwner(path) : null);
        var temp = directory + "/." + _fs.Path.GetFileName(path) + ".pfnet-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        try
        {
            using (var stream = _fs.FileStream.New(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            SetMode(temp, mode is not null && !exists ? mode.Value : keepMode);
            if (keepOwner is { } o && _unix.GetOwner(temp) is { } mine && mine != o)
            {
                _ = _unix.SetOwner(temp, o.Uid, o.Gid);
            }

            _fs.File.Move(temp, path, overwrite: true);
        }
        catch
        {
            if (_fs.File.Exists(temp))
            {
                _fs.File.Delete(temp);
            }

            throw;
        }

        _unix.SyncDirectory(directory);
    }

    private UnixFileMode GetMode(string path) => OperatingSystem.IsWindows() ? default : _fs.File.GetUnixFileMode(path);

    private void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            _fs.File.SetUnixFileMode(path, mode);
        }
    }

    private UnixFileMode? Mode(string path) => _fs.File.Exists(path) ? GetMode(path) : null;

    private string Directory(string path) => _fs.Path.GetDirectoryName(path) is { Length: > 0 } d ? d : "/";

    private ChangeHistoryStore History() => new(
        _fs,
        _options.HistoryDirectory ?? ConfigDirectory + "/.postfix-net/history",
        _options.TimeProvider ?? TimeProvider.System);

    private string FullPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/') || path.Any(char.IsControl))
        {
            throw new ArgumentException($"not an absolute path without control characters: {path}", nameof(path));
        }

        return _fs.Path.GetFullPath(path);
    }

    private Original OriginalOf(string full)
    {
        if (_originals.TryGetValue(full, out var original))
        {
            return original;
        }

        original = _fs.File.Exists(full)
            ? Load(full)
            : new Original(full, null, null);
        _originals[full] = original;
        return original;
    }

    private Original Load(string full)
    {
        var bytes = _fs.File.ReadAllBytes(full);
        return new Original(full, bytes, Hash(bytes));
    }

    private bool Unchanged(Original original)
    {
        if (!_fs.File.Exists(original.Path))
        {
            return original.Content is null;
        }

        return original.Content is not null && Hash(_fs.File.ReadAllBytes(original.Path)) == original.Sha256;
    }

    private FileChange? Change(string full)
    {
        if (!_staged.TryGetValue(full, out var staged))
        {
            return null;
        }

        var original = OriginalOf(full);
        if (staged.Content is null)
        {
            return original.Content is null ? null : new FileChange(full, Bytes(original.Content), null);
        }

        if (original.Content is { } before && before.AsSpan().SequenceEqual(staged.Content))
        {
            return null;
        }

        return new FileChange(full, Bytes(original.Content), staged.Content);
    }

    private static ReadOnlyMemory<byte>? Bytes(byte[]? bytes) => bytes is null ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(bytes);

    private void ResetAfterCommit(IReadOnlyList<FileChange> changes)
    {
        // The committed content is now what is on disk: committing again finds nothing to do.
        foreach (var change in changes)
        {
            _originals[change.Path] = change.After is { } after
                ? new Original(change.Path, after.ToArray(), Hash(after.Span))
                : new Original(change.Path, null, null);
        }

        _undoEntry = null;
        _requested.Clear();
    }

    private sealed record Original(string Path, byte[]? Content, string? Sha256);

    private sealed record Staged(byte[]? Content, UnixFileMode? NewFileMode);

    private sealed record Written(FileChange Change, UnixFileMode? Mode, (uint Uid, uint Gid)? Owner);

    private sealed record DatabaseState(TableBuild Build, bool Existed);

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
}
