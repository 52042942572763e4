using System.IO.Abstractions;
using System.Numerics;
using System.Text.RegularExpressions;
using Postfix.Queue.Files;

namespace Postfix.Queue.Summary;

/// <summary>
/// The queue's shape the way <c>qshape</c> (Postfix 3.7.11) computes it: addresses by domain (recipient or sender, with
/// parent-domain aggregates on request) and by message age in geometric or linear buckets, read from the queue files
/// themselves. Like qshape it walks the given queue directories recursively, takes every file whose name is six or more
/// letters and digits, that is a regular file and has mode <c>rwx</c> for its owner only among write and execute bits
/// (a finished queue file), and reads only the envelope: the arrival time record (or, for maildrop files, the file's
/// modification time), the sender and the pending recipients; message content is skipped by its size. Read-only.
/// </summary>
public sealed class QueueShape
{
    private const int MaxJumps = 100_000;
    private static readonly Regex UpToAt = new(".*@", RegexOptions.CultureInvariant);
    private static readonly Regex OuterDots = new(@"\.?(.+?)\.?$", RegexOptions.CultureInvariant);
    private static readonly Regex ParentStep = new(@"^(?:\.)?[^.]+\.(.*\.)", RegexOptions.CultureInvariant);

    private QueueShape(QueueShapeOptions options, IReadOnlyList<QueueShapeBucket> buckets, IReadOnlyList<QueueShapeRow> rows, long messages)
    {
        Options = options;
        Buckets = buckets;
        Rows = rows;
        Messages = messages;
        Total = rows.First(r => r.IsTotal);
    }

    /// <summary>The options the shape was computed with.</summary>
    public QueueShapeOptions Options { get; }

    /// <summary>The age buckets, youngest first; the last has no upper limit.</summary>
    public IReadOnlyList<QueueShapeBucket> Buckets { get; }

    /// <summary>
    /// The rows in qshape's order: by count (largest first), then by name length (shortest first), then by name (where
    /// qshape's order is that of Perl's hash and so varies from run to run). The total row is among them. Parent domains
    /// with fewer than <see cref="QueueShapeOptions.MinSubdomains"/> subdomains are left out, like qshape does.
    /// </summary>
    public IReadOnlyList<QueueShapeRow> Rows { get; }

    /// <summary>The total row (every address counted).</summary>
    public QueueShapeRow Total { get; }

    /// <summary>The number of files counted as messages.</summary>
    public long Messages { get; }

    /// <summary>Reads the queues and computes their shape.</summary>
    /// <param name="queueDirectory">Postfix's <c>queue_directory</c>, for queue names that are not absolute paths.</param>
    /// <param name="options">What to count (default: recipient domains of incoming and active, qshape's buckets).</param>
    /// <param name="fileSystem">The file system (default: the real one).</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one bucket, a bucket time that is not positive, or fewer than one minimum subdomain.</exception>
    public static QueueShape Compute(string queueDirectory, QueueShapeOptions? options = null, IFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(queueDirectory);
        options ??= new QueueShapeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BucketCount, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinSubdomains, 1, nameof(options));
        if (!(options.BucketMinutes > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BucketMinutes, "the bucket time must be a positive number of minutes");
        }

        var counter = new Counter(options, fileSystem ?? new FileSystem());
        foreach (var queue in options.Queues)
        {
            var full = queue.StartsWith('/') ? queue : counter.Fs.Path.Combine(queueDirectory, queue);
            counter.FindTop(queue, full);
        }

        return counter.Snapshot();
    }

    /// <summary>The buckets for the options: qshape's headings and the age range of each.</summary>
    public static IReadOnlyList<QueueShapeBucket> BucketsFor(QueueShapeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<QueueShapeBucket>(options.BucketCount);

        // qshape's loop: t starts at 0 and grows by tick (linear, or the first step) or doubles; Perl adds integers exactly
        // while they fit 64 bits unsigned, else in floating point.
        object t = BigInteger.Zero;
        var tick = options.BucketMinutes;
        object lower = BigInteger.Zero;
        for (var i = 1; i <= options.BucketCount; i++)
        {
            if (i < options.BucketCount)
            {
                var step = !IsZero(t) && !options.Linear ? t : tick;
                var upper = Add(t, step);
                result.Add(new QueueShapeBucket(Format(upper), ToDouble(lower), ToDouble(upper)));
                lower = upper;
                t = upper;
            }
            else
            {
                result.Add(new QueueShapeBucket(Format(t) + "+", ToDouble(lower), null));
            }
        }

        return result;

        static bool IsZero(object v) => v is BigInteger b ? b.IsZero : (double)v == 0;
        static double ToDouble(object v) => v is BigInteger b ? (double)b : (double)v;
        static string Format(object v) => v is BigInteger b ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : PerlScalar.Format((double)v);
        static object Add(object a, object b)
        {
            var max = (BigInteger)ulong.MaxValue;
            if (AsInteger(a) is { } x && AsInteger(b) is { } y && x + y <= max)
            {
                return x + y;
            }

            return ToDouble(a) + ToDouble(b);
        }

        static BigInteger? AsInteger(object v) => v switch
        {
            BigInteger b => b,
            double d when d == Math.Floor(d) && d >= 0 && d < 18446744073709551616.0 => new BigInteger(d),
            _ => null,
        };
    }

    /// <summary>The bucket (0-based) of a message that arrived <paramref name="ageSeconds"/> before the reference time.</summary>
    internal static int BucketOf(double ageSeconds, QueueShapeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var m = ageSeconds / (60 * options.BucketMinutes);
        if (m < 1)
        {
            return 0;
        }

        var b = options.Linear ? Math.Truncate(m + 1) : 2 + Math.Truncate(Math.Log(m) / Math.Log(2));
        return (b < options.BucketCount ? (int)b : options.BucketCount) - 1;
    }

    private sealed class Entry(int buckets)
    {
        public long[] Counts { get; } = new long[buckets + 1];

        public int? Subdomains { get; set; }
    }

    private sealed class Counter(QueueShapeOptions options, IFileSystem fs)
    {
        private readonly Dictionary<string, Entry> _domains = new(StringComparer.Ordinal);
        private readonly long _now = (options.Now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        private long _messages;

        public IFileSystem Fs { get; } = fs;

        public void FindTop(string display, string full)
        {
            if (display.Length > 1 && display.EndsWith('/'))
            {
                display = display[..^1];
                full = full.TrimEnd('/');
            }

            IFileInfo info;
            try
            {
                info = Fs.FileInfo.New(full);
                if (info.LinkTarget is null && !info.Exists && !Fs.Directory.Exists(full))
                {
                    options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.QueueNotFound, display, Error: "No such file or directory"));
                    return;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.QueueNotFound, display, Error: SystemWords(e)));
                return;
            }

            if (info.LinkTarget is null && Fs.Directory.Exists(full))
            {
                Walk(display, full);
            }
            else
            {
                Wanted(display, full, Fs.Path.GetFileName(full));
            }
        }

        public QueueShape Snapshot()
        {
            var n = options.BucketCount;
            if (!_domains.ContainsKey("TOTAL"))
            {
                _domains["TOTAL"] = new Entry(n);
            }

            var keyed = _domains.Select(kv => (Name: kv.Key, kv.Value, Bytes: QueueText.Encode(kv.Key))).ToList();
            keyed.Sort((a, b) =>
            {
                var c = b.Value.Counts[0].CompareTo(a.Value.Counts[0]);
                if (c == 0)
                {
                    c = a.Bytes.Length.CompareTo(b.Bytes.Length);
                }

                return c != 0 ? c : a.Bytes.AsSpan().SequenceCompareTo(b.Bytes);
            });
            var rows = new List<QueueShapeRow>(keyed.Count);
            foreach (var (name, entry, _) in keyed)
            {
                var dotted = name.StartsWith('.');
                if (dotted && (entry.Subdomains ?? 0) < options.MinSubdomains)
                {
                    if (entry.Subdomains is null)
                    {
                        options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.DottedDomainHidden, string.Empty, name));
                    }

                    continue;
                }

                rows.Add(new QueueShapeRow
                {
                    Domain = name,
                    IsTotal = name == "TOTAL",
                    IsParent = dotted,
                    Count = entry.Counts[0],
                    Buckets = entry.Counts[1..],
                    Subdomains = entry.Subdomains,
                });
            }

            return new QueueShape(options, BucketsFor(options), rows, _messages);
        }

        private static string SystemWords(Exception e) => e switch
        {
            UnauthorizedAccessException => "Permission denied",
            DirectoryNotFoundException or FileNotFoundException => "No such file or directory",
            _ => e.Message,
        };

        // File::Find without chdir tricks: each directory's files in directory order, then its subdirectories in
        // directory order, depth first (symbolic links are not followed).
        private void Walk(string display, string full)
        {
            var stack = new List<(string Display, string Full)> { (display, full) };
            while (stack.Count > 0)
            {
                var (dirDisplay, dirFull) = stack[^1];
                stack.RemoveAt(stack.Count - 1);
                var top = stack.Count;
                List<string> names;
                try
                {
                    names = [.. Fs.Directory.EnumerateFileSystemEntries(dirFull).Select(e => Fs.Path.GetFileName(e))];
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.DirectoryUnreadable, dirDisplay, Error: SystemWords(e)));
                    continue;
                }

                foreach (var name in names)
                {
                    var path = Fs.Path.Combine(dirFull, name);
                    var child = dirDisplay == "/" ? "/" + name : dirDisplay + "/" + name;
                    if (IsRealDirectory(path))
                    {
                        stack.Insert(top, (child, path));
                    }
                    else
                    {
                        Wanted(child, path, name);
                    }
                }
            }
        }

        private bool IsRealDirectory(string path)
        {
            var info = Fs.DirectoryInfo.New(path);
            return info.Exists && info.LinkTarget is null;
        }

        private void Wanted(string display, string path, string name)
        {
            if (!IsQueueFileName(name))
            {
                return;
            }

            var envelope = ReadEnvelope(display, path);
            if (envelope is null)
            {
                return;
            }

            var (time, sender, recipients, recognized) = envelope.Value;
            if (!recognized)
            {
                options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.UnrecognizedFile, display));
            }

            var bucket = Bucket(time, display) + 1;
            IEnumerable<string> addresses = options.BySender ? [sender ?? string.Empty] : recipients;
            var total = GetEntry("TOTAL");
            foreach (var raw in addresses)
            {
                total.Counts[0]++;
                total.Counts[bucket]++;
                var a = AsciiLower(raw);
                if (a.Length == 0)
                {
                    a = "MAILER-DAEMON";
                }

                a = UpToAt.Replace(a, string.Empty, 1);
                a = a.Replace("..", ".", StringComparison.Ordinal);
                a = OuterDots.Replace(a, "$1", 1);
                var isNew = false;
                while (true)
                {
                    var entry = GetEntry(a);
                    var old = ++entry.Counts[0] > 1;
                    entry.Counts[bucket]++;
                    if (isNew)
                    {
                        entry.Subdomains = (entry.Subdomains ?? 0) + 1;
                    }

                    isNew = !old;
                    if (!options.ParentDomains)
                    {
                        break;
                    }

                    var match = ParentStep.Match(a);
                    if (!match.Success)
                    {
                        break;
                    }

                    a = string.Concat(".", match.Groups[1].Value, a.AsSpan(match.Length));
                }
            }

            _messages++;
            if (options.ProgressInterval > 0 && options.Progress is { } progress && _messages % options.ProgressInterval == 0)
            {
                progress(Snapshot());
            }
        }

        private Entry GetEntry(string name)
        {
            if (!_domains.TryGetValue(name, out var entry))
            {
                entry = new Entry(options.BucketCount);
                _domains[name] = entry;
            }

            return entry;
        }

        private int Bucket(string? time, string display)
        {
            double age;
            if (time is null)
            {
                age = _now;
            }
            else if (long.TryParse(time, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var whole))
            {
                age = _now - whole;
            }
            else
            {
                var value = PerlScalar.ToNumber(time, out var clean);
                if (!clean)
                {
                    options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.NonNumericArrivalTime, display, time));
                }

                age = _now - value;
            }

            return BucketOf(age, options);
        }

        private static string AsciiLower(string s)
        {
            var i = 0;
            while (i < s.Length && !char.IsAsciiLetterUpper(s[i]))
            {
                i++;
            }

            if (i == s.Length)
            {
                return s;
            }

            return string.Create(s.Length, s, static (span, src) =>
            {
                for (var k = 0; k < src.Length; k++)
                {
                    span[k] = char.IsAsciiLetterUpper(src[k]) ? (char)(src[k] | 0x20) : src[k];
                }
            });
        }

        // qshape: m{(^|/)[A-Za-z0-9]{6,}$} on the name ($ also before a final newline).
        private static bool IsQueueFileName(string name)
        {
            var end = name.EndsWith('\n') ? name.Length - 1 : name.Length;
            if (end < 6)
            {
                return false;
            }

            for (var i = 0; i < end; i++)
            {
                if (!char.IsAsciiLetterOrDigit(name[i]))
                {
                    return false;
                }
            }

            return true;
        }

        // qshape's qenv(): null = not counted; Recognized = false for "return undef" (counted with no time nor sender).
        private (string? Time, string? Sender, List<string> Recipients, bool Recognized)? ReadEnvelope(string display, string path)
        {
            long mtime;
            try
            {
                var info = Fs.FileInfo.New(path);
                if (info.LinkTarget is not null || !info.Exists)
                {
                    return null;
                }

#pragma warning disable CA1416 // Postfix queues exist on Unix only.
                var mode = (int)Fs.File.GetUnixFileMode(path);
#pragma warning restore CA1416
                if ((mode & 0x1db) != 0x1c0)
                {
                    return null;
                }

                mtime = (long)Math.Floor((info.LastWriteTimeUtc - DateTime.UnixEpoch).TotalSeconds);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            Stream stream;
            try
            {
                stream = Fs.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            using (stream)
            {
                try
                {
                    return Envelope(stream, display, mtime);
                }
                catch (IOException e)
                {
                    options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.FileUnreadable, display, Error: e.Message));
                    return null;
                }
            }
        }

        private (string? Time, string? Sender, List<string> Recipients, bool Recognized)? Envelope(Stream h, string display, long mtime)
        {
            var recipients = new List<string>();
            string? time;
            string? sender = null;
            long? contentLength = null;
            var jumps = 0;
            if (!Next(h, out var r, out var d))
            {
                options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.NoRecords, display));
                return (null, null, recipients, false);
            }

            if (r == 'C')
            {
                contentLength = ContentLength(d);
                if (!Next(h, out r, out d) || r != 'T')
                {
                    return null;
                }

                time = FirstWord(d);
            }
            else if (r is (byte)'S' or (byte)'F')
            {
                time = mtime.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (r != 'S' && (!Next(h, out r, out d) || r != 'S'))
                {
                    return null;
                }

                sender = QueueText.Decode(d);
            }
            else
            {
                return (null, null, recipients, false);
            }

            while (Next(h, out r, out d))
            {
                if (r == 'p' && !Jump(h, d, display, QueueShapeProblemKind.NonNumericPointer, ref jumps))
                {
                    return null;
                }

                if (r == 'R')
                {
                    recipients.Add(QueueText.Decode(d));
                }
                else if (r == 'S')
                {
                    sender = QueueText.Decode(d);
                }
                else if (r == 'M')
                {
                    if (sender is null)
                    {
                        return null;
                    }

                    bool got;
                    if (contentLength is { } skip)
                    {
                        if (skip < 0 || skip > long.MaxValue - h.Position)
                        {
                            return null;
                        }

                        h.Seek(skip, SeekOrigin.Current);
                        got = Next(h, out r, out d);
                    }
                    else
                    {
                        while ((got = Next(h, out r, out d)) && r is (byte)'N' or (byte)'L' or (byte)'p')
                        {
                            if (r == 'p' && !Jump(h, d, display, QueueShapeProblemKind.NonNumericContentPointer, ref jumps))
                            {
                                return null;
                            }
                        }
                    }

                    if (!got || r != 'X')
                    {
                        return null;
                    }
                }
                else if (r == 'E')
                {
                    if (time is null || sender is null || recipients.Count == 0)
                    {
                        return null;
                    }

                    return (time, sender, recipients, true);
                }
            }

            return null;
        }

        // if ($r eq "p" && $d > 0) { seek($h, $d, 0) or return (); }
        private bool Jump(Stream h, byte[] data, string display, QueueShapeProblemKind kind, ref int jumps)
        {
            var text = QueueText.Decode(data);
            var value = PerlScalar.ToNumber(text, out var clean);
            if (!clean)
            {
                options.Problems?.Invoke(new QueueShapeProblem(kind, display, text));
            }

            if (!(value > 0))
            {
                return true;
            }

            if (value >= 9.2233720368547758E+18)
            {
                return false;
            }

            if (++jumps > MaxJumps)
            {
                options.Problems?.Invoke(new QueueShapeProblem(QueueShapeProblemKind.FileUnreadable, display, Error: "too many pointer records"));
                return false;
            }

            h.Seek((long)value, SeekOrigin.Begin);
            return true;
        }

        // $dlen = $1 if ($d =~ /^\s*(\d+)\s+\d+\s+\d+/);
        private static long? ContentLength(byte[] d)
        {
            var i = 0;
            while (i < d.Length && PerlScalar.IsSpace((char)d[i]))
            {
                i++;
            }

            var start = i;
            while (i < d.Length && char.IsAsciiDigit((char)d[i]))
            {
                i++;
            }

            if (i == start)
            {
                return null;
            }

            var end = i;
            for (var field = 0; field < 2; field++)
            {
                var spaces = i;
                while (i < d.Length && PerlScalar.IsSpace((char)d[i]))
                {
                    i++;
                }

                var digits = i;
                while (i < d.Length && char.IsAsciiDigit((char)d[i]))
                {
                    i++;
                }

                if (i == spaces || digits == spaces || i == digits)
                {
                    return null;
                }
            }

            // A length beyond 64 bits is a seek Perl cannot make either.
            return long.TryParse(d.AsSpan(start, end - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        }

        // ($t) = split(/\s+/, $d): the first field (empty when the data starts with white space; none for no data).
        private static string? FirstWord(byte[] d)
        {
            if (d.Length == 0)
            {
                return null;
            }

            var end = 0;
            while (end < d.Length && !PerlScalar.IsSpace((char)d[end]))
            {
                end++;
            }

            if (end == d.Length || end > 0)
            {
                return QueueText.Decode(d.AsSpan(0, end));
            }

            // Leading white space gives an empty first field, unless the data is all white space (no fields at all).
            foreach (var b in d)
            {
                if (!PerlScalar.IsSpace((char)b))
                {
                    return string.Empty;
                }
            }

            return null;
        }

        // qshape's rec_get(): type byte ("0" reads as false and ends the records), a length of at most three 7-bit
        // groups, then the data; anything short ends the records.
        private static bool Next(Stream h, out byte type, out byte[] data)
        {
            data = [];
            type = 0;
            var r = h.ReadByte();
            if (r < 0 || r == '0')
            {
                return false;
            }

            type = (byte)r;
            long length = 0;
            var shift = 0;
            int b;
            while ((b = h.ReadByte()) >= 0)
            {
                length |= (long)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }

                shift += 7;
                if (shift > 14)
                {
                    return false;
                }
            }

            if (length == 0)
            {
                return true;
            }

            data = new byte[length];
            var filled = 0;
            while (filled < length)
            {
                var n = h.Read(data, filled, (int)length - filled);
                if (n <= 0)
                {
                    return false;
                }

                filled += n;
            }

            return true;
        }
    }
}
