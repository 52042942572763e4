using System.IO.Abstractions;
using Postfix.Config.Syntax;

namespace Postfix.Config.IO;

/// <summary>
/// The document contract's bodies (<see cref="IConfigDocument{TSelf, TOptions}"/>) for every
/// <see cref="ISourceDocument{TSelf, TOptions}"/>, written once: files are read and saved through
/// <see cref="DocumentOrigin"/> (the <see cref="IFileSystem"/> seam, the atomic save and the changed-since-load check).
/// </summary>
/// <typeparam name="TSelf">The document type.</typeparam>
/// <typeparam name="TOptions">The document type's options.</typeparam>
internal static class SourceDocument<TSelf, TOptions>
    where TSelf : class, IConfigDocument<TSelf, TOptions>, ISourceDocument<TSelf, TOptions>
    where TOptions : DocumentOptions
{
    /// <summary>Parses bytes named by the options' source name, else the type's default name.</summary>
    public static TSelf Parse(ReadOnlySpan<byte> bytes, TOptions? options)
    {
        options ??= TSelf.DefaultOptions;
        return TSelf.Build(SourceText.FromBytes(bytes, options.SourceName ?? TSelf.DefaultName), options, null);
    }

    /// <summary>Parses text encoded with <see cref="PostfixText.Encode(string)"/>.</summary>
    public static TSelf Parse(string text, TOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(PostfixText.Encode(text), options);
    }

    /// <summary>Reads <paramref name="stream"/> to its end and parses it.</summary>
    public static TSelf Load(Stream stream, TOptions? options) => TSelf.Parse(DocumentOrigin.ReadStream(stream), options);

    /// <summary>Loads a file; the document remembers its path and stamp.</summary>
    public static TSelf Load(string path, IFileSystem? fileSystem, TOptions? options)
    {
        var (bytes, origin) = DocumentOrigin.Read(path, fileSystem);
        return TSelf.Build(SourceText.FromBytes(bytes, path), options ?? TSelf.DefaultOptions, origin);
    }

    /// <summary>Loads a file asynchronously; the document remembers its path and stamp.</summary>
    public static async Task<TSelf> LoadAsync(string path, IFileSystem? fileSystem, TOptions? options, CancellationToken cancellationToken)
    {
        var (bytes, origin) = await DocumentOrigin.ReadAsync(path, fileSystem, cancellationToken).ConfigureAwait(false);
        return TSelf.Build(SourceText.FromBytes(bytes, path), options ?? TSelf.DefaultOptions, origin);
    }

    /// <summary>An empty document.</summary>
    public static TSelf Create(TOptions? options) => TSelf.Parse([], options);

    /// <summary>Saves <paramref name="document"/> back to its own path (the changed-since-load check applies).</summary>
    public static Task<TSelf> SaveAsync(TSelf document, SaveOptions? options, CancellationToken cancellationToken) =>
        SaveCoreAsync(document, null, null, options, cancellationToken);

    /// <summary>Saves <paramref name="document"/> to <paramref name="path"/> (the change check applies when it is its own path).</summary>
    public static Task<TSelf> SaveAsync(TSelf document, string path, IFileSystem? fileSystem, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SaveCoreAsync(document, path, fileSystem, null, cancellationToken);
    }

    /// <summary>Writes the document's exact bytes to <paramref name="stream"/>.</summary>
    public static void Save(TSelf document, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(document.Source.Bytes.Span);
    }

    private static async Task<TSelf> SaveCoreAsync(TSelf document, string? path, IFileSystem? fileSystem, SaveOptions? options, CancellationToken cancellationToken)
    {
        var source = document.Source;
        var origin = await DocumentOrigin.SaveAsync(document.Origin, path, fileSystem, source.Bytes, options, cancellationToken).ConfigureAwait(false);
        return TSelf.Build(SourceText.FromBytes(source.Bytes.Span, origin.Path), document.Options, origin);
    }
}
