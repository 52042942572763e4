using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// A loaded Postfix lookup table (texthash/hash source, regexp, pcre, cidr, inline, static, …) that answers a query
/// the way <c>postmap -q KEY type:name</c> does.
/// </summary>
public interface ILookupTable
{
    /// <summary>The table type as Postfix names it (<c>texthash</c>, <c>regexp</c>, <c>pcre</c>, <c>cidr</c>, …).</summary>
    string Type { get; }

    /// <summary>The table name (usually the file path) as given after <c>type:</c>.</summary>
    string Name { get; }

    /// <summary>Problems found while loading, in Postfix's words (a table with errors still answers like Postfix does).</summary>
    IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>
    /// Looks up <paramref name="key"/> as <c>postmap -q</c> would: the value that Postfix would print, or null when
    /// <c>postmap -q</c> finds nothing (exit status 1).
    /// </summary>
    /// <param name="key">The query key, as the caller typed it (case folding is the table's business).</param>
    string? Lookup(string key);
}
