using System.Globalization;

namespace Postfix.Queue.Files;

/// <summary>
/// Where Postfix keeps a queue file: <c>queue/</c> + one hashed subdirectory per level of <c>hash_queue_depth</c> for the
/// queues in <c>hash_queue_names</c> + the ID (<c>global/mail_queue.c:mail_queue_dir</c>, <c>util/dir_forest.c</c>).
/// </summary>
public sealed record QueueDirectoryLayout
{
    /// <summary>Postfix's defaults: <c>hash_queue_names = deferred, defer</c>, <c>hash_queue_depth = 1</c>.</summary>
    public static QueueDirectoryLayout Default { get; } = new();

    /// <summary><c>hash_queue_names</c> (compared case-insensitively).</summary>
    public IReadOnlyList<string> HashQueueNames { get; init; } = ["deferred", "defer"];

    /// <summary><c>hash_queue_depth</c> (at least 1).</summary>
    public int HashQueueDepth { get; init; } = 1;

    /// <summary>Postfix's <c>mail_queue_id_ok()</c>: 1–255 characters, only letters, digits and underscore.</summary>
    public static bool IsValidQueueId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > 255)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="queueName"/> is hashed.</summary>
    public bool IsHashed(string queueName) => HashQueueNames.Any(n => string.Equals(n, queueName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The path of a queue file relative to <c>queue_directory</c>, e.g. <c>deferred/6/61ECFB26644</c>.</summary>
    /// <exception cref="ArgumentException">The ID is not valid (<see cref="IsValidQueueId"/>).</exception>
    public string RelativePath(string queueName, string queueId)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        if (!IsValidQueueId(queueId))
        {
            throw new ArgumentException($"bad mail queue ID: {queueId}", nameof(queueId));
        }

        return queueName + "/" + HashDirectories(queueName, queueId) + queueId;
    }

    /// <summary>The hashed subdirectories (<c>"6/"</c>, <c>"B/3/"</c>) of an ID in a queue, or "" when the queue is not hashed.</summary>
    public string HashDirectories(string queueName, string queueId)
    {
        if (!IsHashed(queueName))
        {
            return string.Empty;
        }

        var source = queueId;
        var z = queueId.LastIndexOf('z');
        if (z >= 10)
        {
            long usec = 0;
            foreach (var c in queueId.AsSpan(z - 4, 4))
            {
                var digit = QueueId.LongAlphabet.IndexOf(c, StringComparison.Ordinal);
                if (digit < 0)
                {
                    usec = 0;
                    break;
                }

                usec = (usec * 52) + digit;
            }

            source = ((int)usec).ToString("X5", CultureInfo.InvariantCulture);
        }

        var b = new System.Text.StringBuilder();
        for (var n = 0; n < Math.Max(1, HashQueueDepth); n++)
        {
            b.Append(n < source.Length ? source[n] : '_').Append('/');
        }

        return b.ToString();
    }
}
