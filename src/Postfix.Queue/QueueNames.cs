namespace Postfix.Queue;

/// <summary>Conversions between <see cref="QueueName"/> and Postfix's queue directory names.</summary>
public static class QueueNames
{
    /// <summary>The directory name Postfix uses (<c>active</c>, <c>hold</c>, …).</summary>
    public static string ToPostfixName(this QueueName queue) => queue switch
    {
        QueueName.Maildrop => "maildrop",
        QueueName.Incoming => "incoming",
        QueueName.Active => "active",
        QueueName.Deferred => "deferred",
        QueueName.Hold => "hold",
        _ => throw new ArgumentOutOfRangeException(nameof(queue)),
    };

    /// <summary>Parses one of Postfix's five message queue names (exact, lower case).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out QueueName queue)
    {
        switch (text)
        {
            case "maildrop": queue = QueueName.Maildrop; return true;
            case "incoming": queue = QueueName.Incoming; return true;
            case "active": queue = QueueName.Active; return true;
            case "deferred": queue = QueueName.Deferred; return true;
            case "hold": queue = QueueName.Hold; return true;
            default: queue = default; return false;
        }
    }
}
