namespace Postfix.Queue.Operations;

/// <summary>A per-message postsuper operation.</summary>
public enum QueueOperation
{
    /// <summary><c>postsuper -d</c>: delete.</summary>
    Delete,

    /// <summary><c>postsuper -h</c>: put on hold.</summary>
    Hold,

    /// <summary><c>postsuper -H</c>: release from hold.</summary>
    Release,

    /// <summary><c>postsuper -r</c>: requeue (through maildrop, pickup and cleanup; the message later gets a new ID).</summary>
    Requeue,

    /// <summary><c>postsuper -e</c>: force to expire (Postfix 3.5+): returned to the sender at the next delivery attempt.</summary>
    Expire,
}
