using System.IO.Abstractions;
using Postfix.Config.IO;

namespace Postfix.Config;

/// <summary>
/// The one contract every document type follows (main.cf, master.cf, every lookup-table source): parse without
/// throwing on content, load from and save to files atomically, create an empty file. Modelled on XDocument.
/// </summary>
/// <typeparam name="TSelf">The document type.</typeparam>
/// <typeparam name="TOptions">The document type's options.</typeparam>
public interface IConfigDocument<TSelf, TOptions> : IConfigDocument
    where TSelf : class, IConfigDocument<TSelf, TOptions>
    where TOptions : DocumentOptions
{
    /// <summary>
    /// Parses a file's bytes. Never throws on content: problems are in <see cref="IConfigDocument.Diagnostics"/>,
    /// and writing the result gives back <paramref name="bytes"/> exactly.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="options">Options; null for the defaults.</param>
    static abstract TSelf Parse(ReadOnlySpan<byte> bytes, TOptions? options = null);

    /// <summary>Reads <paramref name="stream"/> to its end and parses it like <see cref="Parse"/>.</summary>
    /// <param name="stream">The stream to read; it is not closed.</param>
    /// <param name="options">Options; null for the defaults.</param>
    static abstract TSelf Load(Stream stream, TOptions? options = null);

    /// <summary>Loads a file; the document remembers its path and stamp for <see cref="SaveAsync(CancellationToken)"/>.</summary>
    /// <param name="path">The file to read; diagnostics name it.</param>
    /// <param name="fileSystem">The file system; null for the real one.</param>
    /// <param name="options">Options; null for the defaults.</param>
    static abstract TSelf Load(string path, IFileSystem? fileSystem = null, TOptions? options = null);

    /// <summary>Loads a file asynchronously (see <see cref="Load(string, IFileSystem?, TOptions?)"/>).</summary>
    /// <param name="path">The file to read; diagnostics name it.</param>
    /// <param name="fileSystem">The file system; null for the real one.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    static abstract Task<TSelf> LoadAsync(string path, IFileSystem? fileSystem = null, TOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>A new, empty document (an empty file).</summary>
    /// <param name="options">Options; null for the defaults.</param>
    static abstract TSelf Create(TOptions? options = null);

    /// <summary>
    /// Saves the document back to <see cref="IConfigDocument.Path"/> atomically (temporary file, flush, rename),
    /// keeping the file's mode and owner; refuses with <see cref="FileChangedException"/> when the file changed since
    /// it was loaded. Returns the document stamped as saved.
    /// </summary>
    /// <param name="cancellationToken">Cancels the save before the rename.</param>
    /// <exception cref="InvalidOperationException">The document has no path.</exception>
    Task<TSelf> SaveAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves back to <see cref="IConfigDocument.Path"/> like <see cref="SaveAsync(CancellationToken)"/>, with backup and overwrite options.</summary>
    /// <param name="options">Backup and overwrite options.</param>
    /// <param name="cancellationToken">Cancels the save before the rename.</param>
    Task<TSelf> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the document to <paramref name="path"/> atomically, keeping the mode and owner of a file that is
    /// already there. When <paramref name="path"/> is the document's own path, the change check of
    /// <see cref="SaveAsync(CancellationToken)"/> applies. Returns the document as loaded from its new path.
    /// </summary>
    /// <param name="path">Where to save.</param>
    /// <param name="fileSystem">The file system; null for the one the document was loaded through (else the real one).</param>
    /// <param name="cancellationToken">Cancels the save before the rename.</param>
    Task<TSelf> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default);
}
