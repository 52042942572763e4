using System.IO.Abstractions;

namespace Postfix.Config.IO;

/// <summary>Where a document came from: its path, its stamp then, and the file system it was read through.</summary>
internal sealed record DocumentOrigin(string Path, FileStamp Stamp, IFileSystem FileSystem)
{
    /// <summary>Reads a file through <paramref name="fileSystem"/> (the real one when null).</summary>
    public static (byte[] Bytes, DocumentOrigin Origin) Read(string path, IFileSystem? fileSystem)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        fileSystem ??= new FileSystem();
        var loaded = new ConfigFileStore(fileSystem).Load(path);
        return (loaded.Content.ToArray(), new DocumentOrigin(path, loaded.Stamp, fileSystem));
    }

    /// <summary>Reads a file asynchronously through <paramref name="fileSystem"/> (the real one when null).</summary>
    public static async Task<(byte[] Bytes, DocumentOrigin Origin)> ReadAsync(string path, IFileSystem? fileSystem, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        fileSystem ??= new FileSystem();
        var loaded = await new ConfigFileStore(fileSystem).LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return (loaded.Content.ToArray(), new DocumentOrigin(path, loaded.Stamp, fileSystem));
    }

    /// <summary>Reads a stream to its end.</summary>
    public static byte[] ReadStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Saves <paramref name="content"/> atomically to <paramref name="path"/>, or to the origin's own path when
    /// <paramref name="path"/> is null; the change check applies when the target is the origin's path.
    /// </summary>
    public static async Task<DocumentOrigin> SaveAsync(
        DocumentOrigin? origin,
        string? path,
        IFileSystem? fileSystem,
        ReadOnlyMemory<byte> content,
        SaveOptions? options,
        CancellationToken cancellationToken)
    {
        path ??= origin?.Path ?? throw new InvalidOperationException("The document was not loaded from a file; give a path to save it to.");
        fileSystem ??= origin?.FileSystem ?? new FileSystem();
        var expected = origin is not null && string.Equals(path, origin.Path, StringComparison.Ordinal) ? origin.Stamp : null;
        var stamp = await new ConfigFileStore(fileSystem).SaveAsync(path, content, expected, options, cancellationToken).ConfigureAwait(false);
        return new DocumentOrigin(path, stamp, fileSystem);
    }
}
