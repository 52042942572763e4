namespace Postfix.Queue.Files;

/// <summary>
/// How <see cref="QueueRecordReader"/> reads records. The defaults are Postfix's <c>rec_get()</c>
/// (<c>REC_FLAG_DEFAULT</c>): follow pointer records, skip padding, stop at the end record.
/// </summary>
public sealed record QueueRecordReaderOptions
{
    /// <summary>Postfix's <c>rec_get()</c>: pointers followed, padding skipped, end of records at <c>E</c>.</summary>
    public static QueueRecordReaderOptions Default { get; } = new();

    /// <summary>Postfix's raw reading (<c>REC_FLAG_NONE</c>, postcat <c>-v</c>): every record as it is in the file.</summary>
    public static QueueRecordReaderOptions Raw { get; } = new() { FollowPointers = false, SkipPadding = false, StopAtEnd = false };

    /// <summary>Follow <c>p</c> records to the offset they hold (0 = placeholder, read on).</summary>
    public bool FollowPointers { get; init; } = true;

    /// <summary>Skip <c>w</c> padding records.</summary>
    public bool SkipPadding { get; init; } = true;

    /// <summary>After the <c>E</c> record, skip to the end of the file (the heap of edited records is read only through pointers).</summary>
    public bool StopAtEnd { get; init; } = true;

    /// <summary>The name used in messages (Postfix prints the path as given, or <c>stdin</c>).</summary>
    public string Path { get; init; } = "stdin";
}
