using System.Globalization;
using System.IO.Abstractions;

namespace Postfix.Queue.Files;

/// <summary>
/// Reads Postfix's per-message <c>defer/</c> and <c>bounce/</c> logs like <c>global/bounce_log.c</c>: entries separated by
/// empty lines, <c>name=value</c> lines and the old-style <c>&lt;address&gt;: reason</c> line, every line made printable.
/// </summary>
public static class DeferLog
{
    /// <summary>The entries of a log, in file order.</summary>
    public static IReadOnlyList<DeferLogEntry> Parse(ReadOnlySpan<byte> bytes, bool smtputf8 = true)
    {
        var entries = new List<DeferLogEntry>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var any = false;
        var start = 0;
        while (start <= bytes.Length)
        {
            var nl = bytes[start..].IndexOf((byte)'\n');
            var end = nl < 0 ? bytes.Length : start + nl;
            if (nl < 0 && start == bytes.Length)
            {
                break;
            }

            var line = ShowqText.Printable(bytes[start..end], smtputf8);
            start = end + 1;
            if (line.Length == 0)
            {
                if (any)
                {
                    entries.Add(Entry(fields));
                    fields.Clear();
                    any = false;
                }

                continue;
            }

            any = true;
            if (char.IsAsciiLetterOrDigit((char)line[0]))
            {
                if (QueueAttribute.TrySplit(line, out _) is { } nv)
                {
                    fields[nv.Name] = nv.Value;
                }
            }
            else if (line[0] == '<')
            {
                var close = Array.IndexOf(line, (byte)'>');
                if (close > 0 && close + 1 < line.Length && line[close + 1] == ':')
                {
                    fields["recipient"] = QueueText.Decode(line.AsSpan(1, close - 1));
                    fields["reason"] = QueueText.Decode(line.AsSpan(close + 2)).TrimStart(' ', '\t');
                }
            }
        }

        if (any)
        {
            entries.Add(Entry(fields));
        }

        return entries;
    }

    /// <summary>Reads a log file (null when it does not exist).</summary>
    public static IReadOnlyList<DeferLogEntry>? Load(string path, IFileSystem? fileSystem = null, bool smtputf8 = true)
    {
        fileSystem ??= new FileSystem();
        try
        {
            // Logs are small: one open and one or two reads into a pooled buffer (no length query, no read-ahead
            // advice), and shared with a Postfix that may append meanwhile.
            using var stream = fileSystem.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                var filled = 0;
                int n;
                while ((n = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
                {
                    filled += n;
                    if (filled == buffer.Length)
                    {
                        var bigger = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(bigger);
                        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                return Parse(buffer.AsSpan(0, filled), smtputf8);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static DeferLogEntry Entry(Dictionary<string, string> f)
    {
        var recipient = f.GetValueOrDefault("recipient");
        var reason = f.GetValueOrDefault("reason");
        return new DeferLogEntry
        {
            Recipient = recipient is null ? "(recipient address unavailable)" : recipient.Length == 0 ? "(MAILER-DAEMON)" : recipient,
            OriginalRecipient = f.GetValueOrDefault("original_recipient"),
            Offset = long.TryParse(f.GetValueOrDefault("offset"), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : null,
            DsnOriginalRecipient = f.GetValueOrDefault("dsn_orig_rcpt"),
            NotifyFlags = int.TryParse(f.GetValueOrDefault("notify_flags"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            Status = f.GetValueOrDefault("status") is { Length: > 0 } s ? s : "4.0.0",
            Action = f.GetValueOrDefault("action") is { Length: > 0 } a ? a : "delayed",
            DiagnosticType = f.GetValueOrDefault("diag_type"),
            DiagnosticText = f.GetValueOrDefault("diag_text"),
            MtaType = f.GetValueOrDefault("mta_type"),
            MtaName = f.GetValueOrDefault("mta_mname"),
            Reason = string.IsNullOrEmpty(reason) ? "(description unavailable)" : reason,
        };
    }
}
