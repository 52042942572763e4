namespace Postfix.Config;

/// <summary>What every document type's options have in common.</summary>
public abstract record DocumentOptions
{
    /// <summary>
    /// The name diagnostics use for a document parsed from memory or a stream (a loaded document uses its path);
    /// null for the type's usual file name (e.g. <c>main.cf</c>).
    /// </summary>
    public string? SourceName { get; init; }
}
