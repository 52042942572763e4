using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>
/// One piece of a master.cf file: a blank line, a comment line, or a logical line (a service with its continuation
/// lines and the comment or blank lines inside it). The entries of a document cover every byte exactly once.
/// </summary>
public sealed class MasterCfEntry
{
    internal MasterCfEntry(MasterCfEntryKind kind, LineGroup lines, MasterCfService? service)
    {
        Kind = kind;
        Lines = lines;
        Service = service;
    }

    /// <summary>What the entry holds.</summary>
    public MasterCfEntryKind Kind { get; }

    /// <summary>The physical lines of the entry.</summary>
    public LineGroup Lines { get; }

    /// <summary>The service, when <see cref="Kind"/> is <see cref="MasterCfEntryKind.Service"/>.</summary>
    public MasterCfService? Service { get; }

    /// <summary>The 1-based number of the first line.</summary>
    public int LineNumber => Lines.LineNumber;

    /// <summary>The exact text of the entry (every line with its terminator).</summary>
    public string Text => ByteText.ToDisplay(Lines.RawText);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
