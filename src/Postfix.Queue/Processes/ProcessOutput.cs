using System.Text;

namespace Postfix.Queue.Processes;

/// <summary>Helpers for reading what a program writes.</summary>
internal static class ProcessOutput
{
    /// <summary>Reads a stream to the end, keeping at most <paramref name="limit"/> bytes (the rest is drained and dropped).</summary>
    public static async Task<string> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        var buffer = new byte[8192];
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var take = Math.Min(n, limit - (int)kept.Length);
            if (take > 0)
            {
                kept.Write(buffer, 0, take);
            }
        }

        return Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }
}
