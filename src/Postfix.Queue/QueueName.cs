namespace Postfix.Queue;

/// <summary>The Postfix queue directory a message file is in (the <c>queue_name</c> member of <c>postqueue -j</c>).</summary>
public enum QueueName
{
    /// <summary><c>maildrop</c>: submitted locally, not yet picked up.</summary>
    Maildrop,

    /// <summary><c>incoming</c>: being or just cleaned up, not yet seen by the queue manager.</summary>
    Incoming,

    /// <summary><c>active</c>: the queue manager is delivering it (mark <c>*</c> in mailq).</summary>
    Active,

    /// <summary><c>deferred</c>: a delivery attempt failed temporarily.</summary>
    Deferred,

    /// <summary><c>hold</c>: put on hold (mark <c>!</c> in mailq).</summary>
    Hold,
}
