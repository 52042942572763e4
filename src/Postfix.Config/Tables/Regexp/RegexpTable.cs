using System.IO.Abstractions;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// A loaded <c>regexp:</c> table: <see cref="Lookup"/> answers what <c>postmap -q KEY regexp:FILE</c> answers
/// (the first matching rule's result with <c>$n</c> substituted, or null when nothing matches).
/// </summary>
/// <remarks>
/// Every expression runs with <see cref="PatternTableOptions.MatchTimeout"/>; a lookup that goes past it throws
/// <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>. A rule whose expression cannot be
/// translated (see <c>docs/regexp-tables.md</c>) makes a lookup that reaches it throw
/// <see cref="NotSupportedException"/> instead of giving an answer Postfix would not give.
/// </remarks>
public sealed class RegexpTable : ILookupTable
{
    private RegexpTable(PatternTableDocument document, string name)
    {
        Document = document;
        Name = name;
    }

    /// <inheritdoc/>
    public string Type => "regexp";

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The parsed source (lossless) with its entries.</summary>
    public PatternTableDocument Document { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Diagnostic> Diagnostics => Document.Diagnostics;

    /// <summary>Loads a table from its source; the source name is the table name.</summary>
    /// <param name="source">The table file's bytes.</param>
    /// <param name="options">Limits for running the expressions.</param>
    public static RegexpTable Load(SourceText source, PatternTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new RegexpTable(PatternTableDocument.Parse(source, PatternTableDialect.Regexp, options), source.Name);
    }

    /// <summary>Loads a table from text (encoded as UTF-8).</summary>
    /// <param name="text">The table text.</param>
    /// <param name="name">The table name (used in warnings).</param>
    /// <param name="options">Limits for running the expressions.</param>
    public static RegexpTable Parse(string text, string name, PatternTableOptions? options = null) =>
        Load(SourceText.FromString(text, name), options);

    /// <summary>Reads and loads the table file at <paramref name="path"/>.</summary>
    /// <param name="path">The file, named as after <c>regexp:</c> (relative paths are relative to the current directory).</param>
    /// <param name="fileSystem">The file system (default: the real one).</param>
    /// <param name="options">Limits for running the expressions.</param>
    public static RegexpTable LoadFile(string path, IFileSystem? fileSystem = null, PatternTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fs = fileSystem ?? new FileSystem();
        var bytes = fs.File.ReadAllBytes(path);
        return Load(SourceText.FromBytes(bytes, path), options);
    }

    /// <inheritdoc/>
    public string? Lookup(string key) => PatternTableEvaluator.Lookup(Document.Rules, key);
}
