namespace Postfix.Queue;

/// <summary>One message in the Postfix queue, as <c>postqueue -j</c> or <c>mailq</c> lists it.</summary>
public sealed class QueueMessage
{
    private static readonly IReadOnlyList<QueueRecipient> NoRecipients = [];

    /// <summary>The queue ID (bare: status marks are in <see cref="Queue"/> and <see cref="ForcedExpire"/>).</summary>
    public required QueueId Id { get; init; }

    /// <summary>
    /// The queue the file is in. From JSON always known. From text only <see cref="QueueName.Active"/> (mark <c>*</c>) and
    /// <see cref="QueueName.Hold"/> (mark <c>!</c>) can be told; an unmarked entry (maildrop, incoming or deferred) is null.
    /// </summary>
    public QueueName? Queue { get; init; }

    /// <summary>Whether the message was forced to expire (<c>postsuper -e</c>/<c>-f</c>, Postfix 3.5+; mark <c>#</c>).</summary>
    public bool ForcedExpire { get; init; }

    /// <summary>The message size in bytes (<c>message_size</c>: header and body).</summary>
    public long Size { get; init; }

    /// <summary>
    /// When the message arrived. Exact from JSON (<c>arrival_time</c>, whole seconds). From text the listing has no year
    /// and no zone: see <see cref="ArrivalTimeIsExact"/>.
    /// </summary>
    public DateTimeOffset ArrivalTime { get; init; }

    /// <summary>False when <see cref="ArrivalTime"/> was read from text, where the year was inferred (the most recent year, not in the future, whose calendar has that weekday) and the time zone assumed.</summary>
    public bool ArrivalTimeIsExact { get; init; }

    /// <summary>
    /// The envelope sender as Postfix shows it. The null sender is shown as the value of <c>empty_address_recipient</c>
    /// (<c>MAILER-DAEMON</c> by default): see <see cref="IsNullSender"/>.
    /// </summary>
    public required string Sender { get; init; }

    /// <summary>Whether the envelope sender is the null sender (bounces and other notifications).</summary>
    public bool IsNullSender { get; init; }

    /// <summary>The recipients still to be delivered, each with its own reason.</summary>
    public IReadOnlyList<QueueRecipient> Recipients { get; init; } = NoRecipients;

    /// <summary>The queue file, when the message was read from the queue directory (<c>--spool</c>); null from listings.</summary>
    public Files.QueueFile? File { get; init; }

    /// <summary>The queue file's path, when the message was read from the queue directory; null from listings.</summary>
    public string? FilePath { get; init; }

    /// <summary>The 1-based line of the listing where this message starts (0 when not read from a listing).</summary>
    public long LineNumber { get; init; }

    /// <summary>The status marks mailq prints after the ID: <c>*</c> (active) or <c>!</c> (hold), then <c>#</c> (forced to expire).</summary>
    public string StatusMarks => (Queue, ForcedExpire) switch
    {
        (QueueName.Active, true) => "*#",
        (QueueName.Hold, true) => "!#",
        (QueueName.Active, false) => "*",
        (QueueName.Hold, false) => "!",
        (_, true) => "#",
        _ => string.Empty,
    };

    /// <summary>The sender's domain (after the last <c>@</c>, lower-cased); empty for the null sender and unqualified senders.</summary>
    public string SenderDomain => IsNullSender ? string.Empty : AddressParts.Domain(Sender);

    /// <summary>The ID with its status marks, the way mailq shows it.</summary>
    public override string ToString() => Id.Value + StatusMarks;
}
