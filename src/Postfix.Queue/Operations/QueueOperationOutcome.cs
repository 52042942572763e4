namespace Postfix.Queue.Operations;

/// <summary>What happened to one requested queue ID.</summary>
public enum QueueOperationOutcome
{
    /// <summary>postsuper reported it done (<c>ID: removed</c>, <c>placed on hold</c>, …).</summary>
    Done,

    /// <summary>postsuper did not act on it: no such message in the queues the operation looks at (already gone, already on hold, not on hold, …).</summary>
    NotFound,

    /// <summary>Not a valid queue ID: never sent to postsuper (or postsuper itself said <c>invalid mail queue id</c>).</summary>
    Rejected,

    /// <summary>Skipped by the safety check: the message with this ID is gone or is no longer the one that was selected (short IDs are reused).</summary>
    Changed,

    /// <summary>Dry run: it would have been sent to postsuper.</summary>
    WouldDo,

    /// <summary>
    /// Not done: postsuper ended abnormally (killed, or a fatal error) before it acted on this ID, or it was never sent
    /// because an earlier batch failed. After an abnormal end this is reported only when the queue shows the message
    /// not in the operation's end state.
    /// </summary>
    NotProcessed,

    /// <summary>
    /// postsuper ended abnormally and neither its output nor the queue can tell whether it acted on this ID (for example
    /// the message is gone after a requeue, or the queue directory could not be read).
    /// </summary>
    Unknown,
}
