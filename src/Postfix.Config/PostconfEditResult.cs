using Postfix.Config.Syntax;

namespace Postfix.Config;

/// <summary>
/// The outcome of a postconf-identical edit (the <c>Postconf…</c> methods of every document type): the new document,
/// byte for byte what <c>postconf</c> writes, and the warnings <c>postconf</c> prints while editing, in its words and
/// order, as <see cref="DiagnosticSeverity.Warning"/> diagnostics.
/// </summary>
/// <typeparam name="TDocument">The document type.</typeparam>
/// <param name="Document">The edited document.</param>
/// <param name="Diagnostics">postconf's warnings, in the order postconf prints them.</param>
public sealed record PostconfEditResult<TDocument>(TDocument Document, IReadOnlyList<Diagnostic> Diagnostics)
    where TDocument : class, IConfigDocument;
