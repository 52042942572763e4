namespace Postfix.Queue.Writing;

/// <summary>The column layout <c>postqueue -p</c> uses; it follows the <c>enable_long_queue_ids</c> setting, not the shape of each ID.</summary>
public enum MailqLayout
{
    /// <summary>Short IDs (Postfix 3.1+): <c>%-11s %7ld %20.20s %s</c>; recipients indented by 41 spaces.</summary>
    Short,

    /// <summary>Long IDs (<c>enable_long_queue_ids = yes</c>): <c>%-17s %8ld %19.19s %s</c>; recipients indented by 47 spaces.</summary>
    Long,
}
