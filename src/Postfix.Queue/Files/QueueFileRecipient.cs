namespace Postfix.Queue.Files;

/// <summary>One recipient record of a queue file with the records that belong to it.</summary>
public sealed class QueueFileRecipient
{
    /// <summary>The address (<c>R</c>/<c>D</c>/<c>/</c> payload; surrogate-escaped where not UTF-8).</summary>
    public required string Address { get; init; }

    /// <summary>The original recipient (<c>O</c> record before it), or null.</summary>
    public string? OriginalAddress { get; init; }

    /// <summary>Pending, done or canceled.</summary>
    public QueueRecipientStatus Status { get; init; }

    /// <summary>DSN NOTIFY flags (<c>notify_flags</c> attribute before it: NEVER 1, SUCCESS 2, FAILURE 4, DELAY 8), or null.</summary>
    public int? NotifyFlags { get; init; }

    /// <summary>DSN ORCPT (<c>dsn_orig_rcpt</c>, <c>type;address</c>), or null.</summary>
    public string? DsnOriginalRecipient { get; init; }

    /// <summary>The offset of the recipient record (the <c>offset</c> of defer-log entries).</summary>
    public long Offset { get; init; }

    /// <summary>Whether the record is in the extracted segment (after <c>X</c>: <c>sendmail -t</c>, milters).</summary>
    public bool Extracted { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Address} ({Status})";
}
