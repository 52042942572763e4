using Postfix.Config.Syntax;

namespace Postfix.Config.IO;

/// <summary>
/// A document that is its source bytes, its options and where it came from, and that is built again from those three
/// (by parsing the bytes): <see cref="SourceDocument{TSelf, TOptions}"/> gives it the document contract's parse, load
/// and save bodies, so the document types only forward to them.
/// </summary>
/// <typeparam name="TSelf">The document type.</typeparam>
/// <typeparam name="TOptions">The document type's options.</typeparam>
internal interface ISourceDocument<TSelf, TOptions>
    where TSelf : class, IConfigDocument<TSelf, TOptions>, ISourceDocument<TSelf, TOptions>
    where TOptions : DocumentOptions
{
    /// <summary>The name diagnostics use for a document parsed from memory when the options give none.</summary>
    static abstract string DefaultName { get; }

    /// <summary>The options a document is read with when the caller gives none.</summary>
    static abstract TOptions DefaultOptions { get; }

    /// <summary>The document's exact bytes, with the name diagnostics use.</summary>
    SourceText Source { get; }

    /// <summary>The options the document was read with.</summary>
    TOptions Options { get; }

    /// <summary>Where the document was loaded from or saved to; null for one parsed from memory.</summary>
    DocumentOrigin? Origin { get; }

    /// <summary>Parses <paramref name="source"/> into a document.</summary>
    /// <param name="source">The bytes and the name diagnostics use.</param>
    /// <param name="options">The options to read with.</param>
    /// <param name="origin">Where the bytes came from; null for memory.</param>
    static abstract TSelf Build(SourceText source, TOptions options, DocumentOrigin? origin);
}
