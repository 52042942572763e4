using System.Globalization;
using System.IO.Abstractions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Postfix.Config.Apply;

/// <summary>
/// The previous versions kept by committed change sets, one directory per commit (named by UTC time, so they sort in
/// order) with a <c>manifest.json</c> and the old content of every file. The directory is mode 0700: old files may hold
/// secrets (keys, passwords in table sources).
/// </summary>
internal sealed class ChangeHistoryStore
{
    private const string Manifest = "manifest.json";
    private readonly IFileSystem _fs;
    private readonly string _root;
    private readonly TimeProvider _time;

    public ChangeHistoryStore(IFileSystem fs, string root, TimeProvider time)
    {
        _fs = fs;
        _root = root;
        _time = time;
    }

    public string Write(string description, IReadOnlyList<FileChange> changes, IReadOnlyList<TableBuild> builds, IFileSystem fs, Func<string, UnixFileMode?> mode)
    {
        _ = builds;
        _ = fs;
        CreatePrivateDirectory(_root);
        var now = _time.GetUtcNow();
        var id = now.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var dir = _root + "/" + id;
        CreatePrivateDirectory(dir);
        var files = new List<HistoryFile>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            string? blob = null;
            if (change.Before is { } before)
            {
                blob = i.ToString(CultureInfo.InvariantCulture) + ".before";
                using var stream = _fs.FileStream.New(dir + "/" + blob, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(before.Span);
                stream.Flush(flushToDisk: true);
            }

            var after = change.After is { } a ? Convert.ToHexString(SHA256.HashData(a.Span)) : null;
            files.Add(new HistoryFile(change.Path, blob, change.IsNew ? null : mode(change.Path), after, null));
        }

        WriteManifest(dir, new HistoryEntry(id, now, description, files, []));
        return id;
    }

    public void RecordTables(string id, IEnumerable<(TableBuild Build, bool DatabaseExisted)> tables)
    {
        var entry = ReadEntry(id);
        if (entry is null)
        {
            return;
        }

        WriteManifest(_root + "/" + id, entry with { Tables = [.. tables.Select(t => new HistoryTable(t.Build.Type, t.Build.Source, t.Build.IsAlias, t.DatabaseExisted))] });
    }

    public HistoryEntry? Latest()
    {
        if (!_fs.Directory.Exists(_root))
        {
            return null;
        }

        foreach (var dir in _fs.Directory.GetDirectories(_root).OrderByDescending(d => d, StringComparer.Ordinal))
        {
            var entry = ReadEntry(_fs.Path.GetFileName(dir));
            if (entry is not null)
            {
                return entry;
            }
        }

        return null;
    }

    public void Delete(string id)
    {
        var dir = _root + "/" + id;
        if (_fs.Directory.Exists(dir))
        {
            _fs.Directory.Delete(dir, recursive: true);
        }
    }

    public void Prune(int keep)
    {
        if (!_fs.Directory.Exists(_root))
        {
            return;
        }

        foreach (var dir in _fs.Directory.GetDirectories(_root).OrderByDescending(d => d, StringComparer.Ordinal).Skip(Math.Max(1, keep)))
        {
            _fs.Directory.Delete(dir, recursive: true);
        }
    }

    private HistoryEntry? ReadEntry(string id)
    {
        var dir = _root + "/" + id;
        var path = dir + "/" + Manifest;
        if (!_fs.File.Exists(path))
        {
            return null;
        }

        using var json = JsonDocument.Parse(_fs.File.ReadAllBytes(path));
        var root = json.RootElement;
        var files = new List<HistoryFile>();
        foreach (var f in root.GetProperty("files").EnumerateArray())
        {
            var blob = f.GetProperty("blob").GetString();
            int? mode = f.GetProperty("mode").ValueKind == JsonValueKind.Number ? f.GetProperty("mode").GetInt32() : null;
            files.Add(new HistoryFile(
                f.GetProperty("path").GetString()!,
                blob,
                mode is null ? null : (UnixFileMode)mode.Value,
                f.GetProperty("after_sha256").GetString(),
                blob is null ? null : _fs.File.ReadAllBytes(dir + "/" + blob)));
        }

        var tables = root.TryGetProperty("tables", out var t)
            ? t.EnumerateArray().Select(x => new HistoryTable(
                x.GetProperty("type").GetString()!, x.GetProperty("source").GetString()!, x.GetProperty("alias").GetBoolean(), x.GetProperty("database_existed").GetBoolean())).ToList()
            : [];
        return new HistoryEntry(
            root.GetProperty("id").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
            root.GetProperty("description").GetString() ?? string.Empty,
            files,
            tables);
    }

    private void WriteManifest(string dir, HistoryEntry entry)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("id", entry.Id);
            w.WriteString("time", entry.Time.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("description", entry.Description);
            w.WriteStartArray("files");
            foreach (var f in entry.Files)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteString("blob", f.Blob);
                if (f.Mode is { } m)
                {
                    w.WriteNumber("mode", (int)m);
                }
                else
                {
                    w.WriteNull("mode");
                }

                w.WriteString("after_sha256", f.AfterSha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("tables");
            foreach (var t in entry.Tables)
            {
                w.WriteStartObject();
                w.WriteString("type", t.Type);
                w.WriteString("source", t.Source);
                w.WriteBoolean("alias", t.IsAlias);
                w.WriteBoolean("database_existed", t.DatabaseExisted);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        var temp = dir + "/." + Manifest + ".tmp";
        _fs.File.WriteAllBytes(temp, buffer.ToArray());
        _fs.File.Move(temp, dir + "/" + Manifest, overwrite: true);
    }

    private void CreatePrivateDirectory(string path)
    {
        if (!_fs.Directory.Exists(path))
        {
            _fs.Directory.CreateDirectory(path);
            if (!OperatingSystem.IsWindows())
            {
                _fs.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}

/// <summary>One kept commit.</summary>
internal sealed record HistoryEntry(string Id, DateTimeOffset Time, string Description, IReadOnlyList<HistoryFile> Files, IReadOnlyList<HistoryTable> Tables);

/// <summary>One file of a kept commit: its previous content (null: it did not exist) and the hash of what the commit wrote (null: removed).</summary>
internal sealed record HistoryFile(string Path, string? Blob, UnixFileMode? Mode, string? AfterSha256, byte[]? Before);

/// <summary>A table the commit built or touched, and whether its database existed before.</summary>
internal sealed record HistoryTable(string Type, string Source, bool IsAlias, bool DatabaseExisted);
