using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// A loaded <c>regexp:</c> or <c>pcre:</c> table, got from <see cref="PatternTableDocument.ToTable"/>:
/// <see cref="Lookup"/> answers what <c>postmap -q KEY regexp:FILE</c> (or <c>pcre:FILE</c>) answers (the first
/// matching rule's result with <c>$n</c> substituted, or null when nothing matches).
/// </summary>
/// <remarks>
/// Every expression runs with <see cref="PatternTableOptions.MatchTimeout"/>; a lookup that goes past it throws
/// <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>. A rule whose expression cannot be
/// translated (see <c>docs/regexp-tables.md</c>) makes a lookup that reaches it throw
/// <see cref="NotSupportedException"/> instead of giving an answer Postfix would not give.
/// </remarks>
public sealed class PatternTable : ILookupTable
{
    internal PatternTable(PatternTableDocument document)
    {
        Document = document;
    }

    /// <summary><c>regexp</c> or <c>pcre</c>.</summary>
    public string Type => Document.Dialect == PatternTableDialect.Pcre ? "pcre" : "regexp";

    /// <inheritdoc/>
    public string Name => Document.Name;

    /// <summary>The document the table was loaded from (lossless, with its entries and Postfix's warnings).</summary>
    public PatternTableDocument Document { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Diagnostic> Diagnostics => Document.Diagnostics;

    /// <inheritdoc/>
    public string? Lookup(string key) => PatternTableEvaluator.Lookup(Document.Rules, key);
}
