namespace Postfix.Queue.Files;

/// <summary>The state of a recipient in a queue file.</summary>
public enum QueueRecipientStatus
{
    /// <summary><c>R</c>: still to be delivered.</summary>
    Pending,

    /// <summary><c>D</c>: delivered or bounced (qmgr overwrote the type byte).</summary>
    Done,

    /// <summary><c>/</c>: deleted by a milter.</summary>
    Canceled,
}
