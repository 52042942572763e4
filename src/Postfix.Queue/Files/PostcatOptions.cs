namespace Postfix.Queue.Files;

/// <summary>What <see cref="PostcatWriter"/> prints: the flags of postcat(1) of Postfix 3.7.</summary>
public sealed record PostcatOptions
{
    /// <summary><c>-e</c>: envelope records and the section markers. With none of <see cref="Envelope"/>, <see cref="Header"/>, <see cref="Body"/> all three are printed.</summary>
    public bool Envelope { get; init; }

    /// <summary><c>-h</c>: the primary message header.</summary>
    public bool Header { get; init; }

    /// <summary><c>-b</c>: the body (everything after the primary header).</summary>
    public bool Body { get; init; }

    /// <summary><c>-o</c>: each record's offset (<c>%9lu</c>).</summary>
    public bool Offsets { get; init; }

    /// <summary><c>-d</c>: each record's type as a decimal number (<c>%3d</c>).</summary>
    public bool DecimalTypes { get; init; }

    /// <summary><c>-r</c>: do not follow pointer records (visible only with <see cref="Verbose"/>), and read on after the end record.</summary>
    public bool Raw { get; init; }

    /// <summary><c>-v</c>: raw record reading (pointer and padding records shown, text records named).</summary>
    public bool Verbose { get; init; }

    /// <summary><c>-s</c>: start reading at this offset (skipping the file check and the banner).</summary>
    public long StartOffset { get; init; }

    /// <summary>The time zone of time records (postcat uses the process's <c>TZ</c>; default: the local zone).</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>
    /// <c>smtputf8_enable</c> (default yes): like every Postfix log line, a warning goes through <c>printable(…, '?')</c>,
    /// which keeps valid UTF-8 only when this is on.
    /// </summary>
    public bool SmtputfEnable { get; init; } = true;

    /// <summary>
    /// Receives each warning in postcat's words (without the <c>postcat: warning: </c> prefix), with control characters
    /// and invalid bytes shown as <c>?</c> as Postfix's logging does.
    /// </summary>
    public Action<string>? Warning { get; init; }
}
