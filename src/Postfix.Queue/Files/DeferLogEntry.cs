namespace Postfix.Queue.Files;

/// <summary>One recipient entry of a <c>defer/</c> or <c>bounce/</c> log (as Postfix's <c>bounce_log_read()</c> gives it).</summary>
public sealed class DeferLogEntry
{
    /// <summary>The recipient (printable, quoted form); <c>(MAILER-DAEMON)</c> for an empty one.</summary>
    public required string Recipient { get; init; }

    /// <summary>The original recipient when it differs, or null.</summary>
    public string? OriginalRecipient { get; init; }

    /// <summary>The offset of the recipient record in the queue file, or null.</summary>
    public long? Offset { get; init; }

    /// <summary>DSN ORCPT, or null.</summary>
    public string? DsnOriginalRecipient { get; init; }

    /// <summary>DSN NOTIFY flags, or null.</summary>
    public int? NotifyFlags { get; init; }

    /// <summary>The DSN status (<c>4.4.1</c>; default <c>4.0.0</c>).</summary>
    public string Status { get; init; } = "4.0.0";

    /// <summary>The DSN action (default <c>delayed</c>).</summary>
    public string Action { get; init; } = "delayed";

    /// <summary>The diagnostic type (<c>smtp</c>) and text, or null.</summary>
    public string? DiagnosticType { get; init; }

    /// <summary>The remote server's reply, or null.</summary>
    public string? DiagnosticText { get; init; }

    /// <summary>The MTA name type (<c>dns</c>), or null.</summary>
    public string? MtaType { get; init; }

    /// <summary>The MTA name, or null.</summary>
    public string? MtaName { get; init; }

    /// <summary>Why (<c>(description unavailable)</c> when empty).</summary>
    public required string Reason { get; init; }
}
