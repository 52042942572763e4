namespace Postfix.Queue;

/// <summary>How a listing reader handles input it does not understand.</summary>
public enum QueueReadMode
{
    /// <summary>Throw <see cref="QueueFormatException"/> at the first problem.</summary>
    Strict,

    /// <summary>Report the problem through <see cref="QueueReaderOptions.Diagnostics"/>, skip the entry, and go on.</summary>
    Lenient,
}
