namespace Postfix.Queue.Selection;

/// <summary>What of a queue file a selection reads.</summary>
[Flags]
public enum QueueContentNeed
{
    /// <summary>Nothing beyond the listing (sender, recipients, reasons, queue, time, size).</summary>
    None = 0,

    /// <summary>Envelope records: named attributes (SASL login, client, HELO, …).</summary>
    Envelope = 1,

    /// <summary>The primary message header.</summary>
    Headers = 2,

    /// <summary>The body (streamed).</summary>
    Body = 4,
}
