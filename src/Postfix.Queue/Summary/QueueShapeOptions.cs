namespace Postfix.Queue.Summary;

/// <summary>What <see cref="QueueShape.Compute"/> counts, with qshape's defaults (options <c>-s -p -m -b -t -l</c>).</summary>
public sealed record QueueShapeOptions
{
    /// <summary>The queues, as qshape's arguments: absolute paths as they are, others relative to the queue directory (default: incoming, active).</summary>
    public IReadOnlyList<string> Queues { get; init; } = ["incoming", "active"];

    /// <summary>Count sender domains (one per message) instead of recipient domains (qshape <c>-s</c>).</summary>
    public bool BySender { get; init; }

    /// <summary>Also count parent domains, shown with a leading dot (qshape <c>-p</c>).</summary>
    public bool ParentDomains { get; init; }

    /// <summary>A parent domain gets a row only with at least this many distinct subdomains (qshape <c>-m</c>, default 5).</summary>
    public int MinSubdomains { get; init; } = 5;

    /// <summary>The number of age buckets; the last has no upper limit (qshape <c>-b</c>, default 10).</summary>
    public int BucketCount { get; init; } = 10;

    /// <summary>The age limit of the first bucket in minutes (qshape <c>-t</c>, default 5; may be a fraction).</summary>
    public double BucketMinutes { get; init; } = 5;

    /// <summary>Buckets are multiples of <see cref="BucketMinutes"/> instead of doubling (qshape <c>-l</c>).</summary>
    public bool Linear { get; init; }

    /// <summary>The reference time for ages (default: now, in whole seconds like qshape).</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Call <see cref="Progress"/> after every this many messages (0: never; qshape <c>-N</c> on a terminal).</summary>
    public int ProgressInterval { get; init; }

    /// <summary>Receives the shape so far, every <see cref="ProgressInterval"/> messages.</summary>
    public Action<QueueShape>? Progress { get; init; }

    /// <summary>Receives, in the order met, what qshape would warn about (never dropped silently).</summary>
    public Action<QueueShapeProblem>? Problems { get; init; }
}

/// <summary>What went wrong while shaping, and where.</summary>
public enum QueueShapeProblemKind
{
    /// <summary>A file that is not a queue file (first record neither size, sender nor full-name): qshape still counts it, with no arrival time, in the oldest bucket (and as MAILER-DAEMON when counting senders).</summary>
    UnrecognizedFile,

    /// <summary>A file without a single readable record (empty, or starting with the byte <c>0</c>); reported before <see cref="UnrecognizedFile"/>.</summary>
    NoRecords,

    /// <summary>The arrival time record does not hold a number (<see cref="QueueShapeProblem.Value"/> is its first word); Perl reads it as its numeric prefix.</summary>
    NonNumericArrivalTime,

    /// <summary>A pointer record does not hold a number (<see cref="QueueShapeProblem.Value"/>); read on as Perl would.</summary>
    NonNumericPointer,

    /// <summary>A pointer record inside the message content does not hold a number.</summary>
    NonNumericContentPointer,

    /// <summary>A queue given does not exist or cannot be examined (<see cref="QueueShapeProblem.Error"/> is the system's words).</summary>
    QueueNotFound,

    /// <summary>A directory cannot be listed (<see cref="QueueShapeProblem.Error"/> is the system's words).</summary>
    DirectoryUnreadable,

    /// <summary>A file could not be read to the end (an I/O error, or pointer records that loop); it is not counted.</summary>
    FileUnreadable,

    /// <summary>A domain name with a leading dot that is no parent domain: qshape never shows it (its subdomain count is undefined).</summary>
    DottedDomainHidden,
}

/// <summary>One problem met while shaping.</summary>
/// <param name="Kind">What.</param>
/// <param name="Path">The file or directory as qshape names it (queue argument plus the path below it).</param>
/// <param name="Value">The offending text, when there is one (record values, domain names).</param>
/// <param name="Error">The system's words, for file-system errors (e.g. <c>No such file or directory</c>).</param>
public sealed record QueueShapeProblem(QueueShapeProblemKind Kind, string Path, string? Value = null, string? Error = null);

/// <summary>One age bucket.</summary>
/// <param name="Label">qshape's heading (e.g. <c>5</c>, <c>1280+</c>).</param>
/// <param name="LowerMinutes">The least age counted, in minutes.</param>
/// <param name="UpperMinutes">The age limit in minutes (exclusive), or null for the last bucket.</param>
public sealed record QueueShapeBucket(string Label, double LowerMinutes, double? UpperMinutes);

/// <summary>One row of the shape: the total, a domain, or a parent domain.</summary>
public sealed record QueueShapeRow
{
    /// <summary>The domain (lower case as qshape folds it: ASCII only), <c>MAILER-DAEMON</c> for the null sender, <c>TOTAL</c> for the total row, or a parent domain with a leading dot.</summary>
    public required string Domain { get; init; }

    /// <summary>Whether this is the total row (all addresses counted).</summary>
    public bool IsTotal { get; init; }

    /// <summary>Whether this is a parent-domain aggregate (<see cref="QueueShapeOptions.ParentDomains"/>).</summary>
    public bool IsParent { get; init; }

    /// <summary>The number of addresses (recipients, or senders with <see cref="QueueShapeOptions.BySender"/>).</summary>
    public long Count { get; init; }

    /// <summary>The count per age bucket, youngest first (<see cref="QueueShape.Buckets"/> entries).</summary>
    public required IReadOnlyList<long> Buckets { get; init; }

    /// <summary>For parent domains: how many distinct subdomains were counted under it.</summary>
    public int? Subdomains { get; init; }
}
