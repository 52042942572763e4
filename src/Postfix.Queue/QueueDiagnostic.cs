namespace Postfix.Queue;

/// <summary>A problem found in a queue listing: a stable code, a message, the 1-based line number and the raw line.</summary>
public sealed class QueueDiagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    public QueueDiagnostic(string code, string message, long lineNumber, string rawLine)
    {
        Code = code;
        Message = message;
        LineNumber = lineNumber;
        RawLine = rawLine;
    }

    /// <summary>The stable code (<c>PFQ1xxx</c> for text listings, <c>PFQ2xxx</c> for JSON; see docs/diagnostics.md).</summary>
    public string Code { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <summary>The 1-based line number in the listing.</summary>
    public long LineNumber { get; }

    /// <summary>The line as read (without its line ending).</summary>
    public string RawLine { get; }

    /// <summary><c>line 12: error PFQ1002: … | raw line</c>.</summary>
    public override string ToString() => $"line {LineNumber}: error {Code}: {Message}: {RawLine}";
}
