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
    internal LineGroup Lines { get; }

    /// <summary>
    /// Where the entry is: its first line, and the byte span (<see cref="SourceLocation.Offset"/>,
    /// <see cref="SourceLocation.Length"/>) of every byte it owns, counted from the start of the file.
    /// </summary>
    public SourceLocation Location => Lines.Source.LocationOf(Lines.Start, Lines.End - Lines.Start);

    /// <summary>How many physical lines the entry owns.</summary>
    public int LineCount => Lines.LastLine - Lines.FirstLine + 1;

    /// <summary>The entry's exact bytes.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(Lines.RawText);

    /// <summary>The service, when <see cref="Kind"/> is <see cref="MasterCfEntryKind.Service"/>.</summary>
    public MasterCfService? Service { get; }

    /// <summary>The 1-based number of the first line.</summary>
    public int LineNumber => Lines.LineNumber;

    /// <summary>The exact text of the entry (every line with its terminator).</summary>
    public string Text => ByteText.ToDisplay(Lines.RawText);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
