using Postfix.Config.IO;
using Postfix.Config.Syntax;

namespace Postfix.Config;

/// <summary>
/// What every Postfix file document has in common, whatever its type: its diagnostics, where it came from, and its
/// exact bytes. See <see cref="IConfigDocument{TSelf, TOptions}"/> for the verbs every document type answers to.
/// </summary>
public interface IConfigDocument
{
    /// <summary>The path the document was loaded from or last saved to; null for a document parsed from memory.</summary>
    string? Path { get; }

    /// <summary>What the file looked like when it was loaded or saved (a save refuses to overwrite a file changed since), or null.</summary>
    FileStamp? Stamp { get; }

    /// <summary>Every problem found, in file order, in Postfix's words; locations count from the start of the file.</summary>
    IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error (what Postfix treats as fatal).</summary>
    bool HasErrors { get; }

    /// <summary>The document's exact bytes: for a document that was not edited, the bytes it was parsed from.</summary>
    byte[] ToBytes();

    /// <summary>Writes the document's exact bytes to <paramref name="stream"/>.</summary>
    /// <param name="stream">The destination; it is not closed.</param>
    void Save(Stream stream);
}
