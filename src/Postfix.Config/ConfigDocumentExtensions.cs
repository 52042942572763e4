using Postfix.Config.Syntax;

namespace Postfix.Config;

/// <summary>Helpers that every document type shares.</summary>
public static class ConfigDocumentExtensions
{
    /// <summary>
    /// Returns <paramref name="document"/> when it has no error, else throws <see cref="ConfigFormatException"/>
    /// carrying its diagnostics: for callers who want an exception instead of inspecting
    /// <see cref="IConfigDocument.Diagnostics"/>.
    /// </summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="document">The document.</param>
    /// <exception cref="ConfigFormatException">The document has an error diagnostic.</exception>
    public static T ThrowIfErrors<T>(this T document)
        where T : IConfigDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.HasErrors)
        {
            throw new ConfigFormatException(document.Diagnostics);
        }

        return document;
    }

    /// <summary>The error diagnostics of <paramref name="document"/>, in file order.</summary>
    /// <param name="document">The document.</param>
    public static IEnumerable<Diagnostic> Errors(this IConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
    }
}
