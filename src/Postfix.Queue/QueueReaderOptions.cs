using Postfix.Config.Syntax;

namespace Postfix.Queue;

/// <summary>Options for the listing readers.</summary>
public sealed class QueueReaderOptions
{
    /// <summary>The defaults: strict, <c>MAILER-DAEMON</c>, local time zone, now.</summary>
    public static QueueReaderOptions Default { get; } = new();

    /// <summary>Strict (throw) or lenient (report and skip). Default strict.</summary>
    public QueueReadMode Mode { get; init; } = QueueReadMode.Strict;

    /// <summary>Receives the problems found in lenient mode (also called in strict mode just before the exception).</summary>
    public Action<Diagnostic>? Diagnostics { get; init; }

    /// <summary>The name diagnostics give the listing (their location's path); "mailq" unless set.</summary>
    public string SourceName { get; init; } = DefaultSourceName;

    /// <summary>The name diagnostics give a listing when <see cref="SourceName"/> is not set.</summary>
    public const string DefaultSourceName = "mailq";

    /// <summary>
    /// The value of <c>empty_address_recipient</c> on the Postfix that produced the listing: Postfix shows the null sender
    /// as this text (default <c>MAILER-DAEMON</c>).
    /// </summary>
    public string EmptyAddressRecipient { get; init; } = "MAILER-DAEMON";

    /// <summary>Text listings only: the time zone postqueue printed arrival times in (default: this machine's local zone).</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>
    /// Text listings only: when the listing was made (default: when reading starts). Text arrival times have no year;
    /// the reader takes the most recent year in which that date falls on the printed weekday and is not after this
    /// time (one day of slack for clock and zone differences).
    /// </summary>
    public DateTimeOffset? ReferenceTime { get; init; }
}
