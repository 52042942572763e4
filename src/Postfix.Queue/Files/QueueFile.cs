using System.Globalization;
using System.IO.Abstractions;
using Postfix.Config.Syntax;

namespace Postfix.Queue.Files;

/// <summary>
/// One Postfix queue file, read without loading the message: the envelope (size, arrival, sender, recipients with their
/// done/pending state and DSN records, named attributes), the extracted segment and the primary header. The body is read
/// on demand as a stream (<see cref="OpenBody(Stream, bool)"/>). Reads files written by cleanup and postdrop (maildrop) files.
/// Never writes. Damage does not throw: <see cref="Diagnostics"/> holds it with its byte offset, and what was read before
/// it is kept.
/// </summary>
public sealed class QueueFile
{
    private static readonly IReadOnlyList<QueueHeader> NoHeaders = [];

    private QueueFile()
    {
    }

    /// <summary>The path given when loading (null for bytes and streams).</summary>
    public string? Path { get; private set; }

    /// <summary>The size record, or null (postdrop files have none; an invalid one is reported).</summary>
    public QueueSizeRecord? Size { get; private set; }

    /// <summary>The first <c>T</c> record: arrival time in seconds since the epoch (0 when missing or garbage, like Postfix's <c>atol</c>).</summary>
    public long ArrivalSeconds { get; private set; }

    /// <summary>The microseconds of the first <c>T</c> record.</summary>
    public long ArrivalMicroseconds { get; private set; }

    /// <summary>Whether the file has a <c>T</c> record.</summary>
    public bool HasArrivalTime { get; private set; }

    /// <summary>The arrival time (null without a <c>T</c> record).</summary>
    public DateTimeOffset? ArrivalTime => HasArrivalTime ? DateTimeOffset.FromUnixTimeSeconds(ArrivalSeconds).AddTicks(ArrivalMicroseconds * 10) : null;

    /// <summary>The <c>create_time</c> attribute, or null.</summary>
    public DateTimeOffset? CreateTime { get; private set; }

    /// <summary>The envelope sender: null without an <c>S</c> record, "" for the null sender.</summary>
    public string? Sender { get; private set; }

    /// <summary>The <c>F</c> record (sender's full name), or null.</summary>
    public string? SenderFullName { get; private set; }

    /// <summary>The <c>W</c> record (when the next delay warning is due), or null; -1 means the warning was sent.</summary>
    public long? WarningTime { get; private set; }

    /// <summary>The recipients in file order (initial envelope, then extracted segment), each with its state.</summary>
    public IReadOnlyList<QueueFileRecipient> Recipients { get; private set; } = [];

    /// <summary>The named attributes in file order.</summary>
    public IReadOnlyList<QueueAttribute> Attributes { get; private set; } = [];

    /// <summary>The content filter (<c>L</c> in the envelope or extracted segment), or null.</summary>
    public string? ContentFilter { get; private set; }

    /// <summary>The REDIRECT target (<c>&gt;</c>), or null.</summary>
    public string? RedirectTo { get; private set; }

    /// <summary>The VERP delimiters (<c>V</c>), or null.</summary>
    public string? VerpDelimiters { get; private set; }

    /// <summary>The primary message header (empty unless read).</summary>
    public IReadOnlyList<QueueHeader> Headers { get; private set; } = NoHeaders;

    /// <summary>Whether <see cref="Headers"/> was read.</summary>
    public bool HeadersRead { get; private set; }

    /// <summary>The offset of the first body record (after the empty line that ends the header), or null when not known.</summary>
    public long? BodyOffset { get; private set; }

    /// <summary>Whether the file is in postdrop's maildrop format (no size record; <c>T</c> first).</summary>
    public bool IsPostdropFormat { get; private set; }

    /// <summary>Whether the <c>E</c> record was reached (a file being written has none yet).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>The file system the file was read through (for reopening the body).</summary>
    internal IFileSystem? SourceFileSystem { get; set; }

    /// <summary>The payload of the first size record, as stored.</summary>
    internal byte[]? RawSizeRecord { get; private set; }

    /// <summary>A recipient record came before the sender record (showq lists nothing for such a file).</summary>
    internal bool RecipientBeforeSender { get; private set; }

    /// <summary>How many recipients came before a second sender record (showq stops there), or null.</summary>
    internal int? RecipientsBeforeDuplicateSender { get; private set; }

    /// <summary>Problems found, with their byte offsets (<c>Location.Column</c> = offset + 1 on line 1).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; private set; } = [];

    /// <summary>Whether reading stopped at damage.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The first value of a named attribute, or null.</summary>
    public string? Attribute(string name) => Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal))?.Value;

    /// <summary>The SASL login name (<c>sasl_username</c>), or null for mail that did not log in.</summary>
    public string? SaslUsername => Attribute("sasl_username");

    /// <summary>The client name Postfix logs (<c>log_client_name</c>, which XFORWARD sets; else <c>client_name</c>).</summary>
    public string? ClientName => Attribute("log_client_name") ?? Attribute("client_name");

    /// <summary>The client address Postfix logs (<c>log_client_address</c>, else <c>client_address</c>).</summary>
    public string? ClientAddress => Attribute("log_client_address") ?? Attribute("client_address");

    /// <summary>The HELO name Postfix logs (<c>log_helo_name</c>, else <c>helo_name</c>).</summary>
    public string? HeloName => Attribute("log_helo_name") ?? Attribute("helo_name");

    /// <summary>DSN ENVID (<c>envelope_id</c>), or null.</summary>
    public string? EnvelopeId => Attribute("envelope_id");

    /// <summary>DSN RET (<c>ret_flags</c>: 1 FULL, 2 HDRS), or null.</summary>
    public string? DsnReturn => Attribute("ret_flags");

    /// <summary>The first header with this name (ASCII case ignored), or null.</summary>
    public QueueHeader? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The <c>Subject:</c> value (unfolded), or null.</summary>
    public string? Subject => Header("Subject")?.Value;

    /// <summary>Reads a queue file from bytes.</summary>
    public static QueueFile Parse(ReadOnlySpan<byte> bytes, QueueFileOptions? options = null)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return Load(stream, options);
    }

    #pragma warning disable RS0026 // The library contract: Load(path, fileSystem, options) and Load(stream, options).
    /// <summary>Reads a queue file from a stream (seekable: content is skipped and pointers followed).</summary>
    public static QueueFile Load(Stream stream, QueueFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= QueueFileOptions.Default;
        var file = new QueueFile();
        file.Read(stream, options, options.Path ?? "stdin");
        return file;
    }

    /// <summary>Reads a queue file (opened read-only, never written).</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Not readable as this user.</exception>
    public static QueueFile Load(string path, IFileSystem? fileSystem = null, QueueFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        fileSystem ??= new FileSystem();
        options ??= QueueFileOptions.Default;
        using var stream = fileSystem.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var file = new QueueFile { Path = path };
        file.Read(stream, options, options.Path ?? path);
        return file;
    }

#pragma warning restore RS0026

    /// <summary>Reads a queue file asynchronously (the parse itself is synchronous over a small buffer).</summary>
    public static async Task<QueueFile> LoadAsync(string path, IFileSystem? fileSystem = null, QueueFileOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        fileSystem ??= new FileSystem();
        var stream = fileSystem.FileStream.New(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            var file = Load(copy, (options ?? QueueFileOptions.Default) with { Path = options?.Path ?? path });
            file.Path = path;
            return file;
        }
    }

    /// <summary>
    /// The message body as a stream of bytes (lines end in LF), read record by record from <paramref name="queueFile"/>
    /// (the same file, seekable) from <see cref="BodyOffset"/> to the end of the content; never loaded whole.
    /// </summary>
    /// <exception cref="InvalidOperationException">The body offset is not known (headers not read, or damage before the body).</exception>
    public Stream OpenBody(Stream queueFile, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(queueFile);
        if (BodyOffset is not { } offset)
        {
            throw new InvalidOperationException("the body offset is not known: read the headers first");
        }

        var reader = new QueueRecordReader(queueFile, QueueRecordReaderOptions.Default with { Path = Path ?? "stdin" }, leaveOpen);
        reader.Seek(offset);
        return new QueueBodyStream(reader);
    }

    /// <summary>Opens <see cref="Path"/> again (read-only) and streams the body (<see cref="OpenBody(Stream, bool)"/>).</summary>
    public Stream OpenBody(IFileSystem fileSystem)
    {
        if (Path is null)
        {
            throw new InvalidOperationException("the queue file was not loaded from a path");
        }

        ArgumentNullException.ThrowIfNull(fileSystem);
        return OpenBody(fileSystem.FileStream.New(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1), leaveOpen: false);
    }

    internal static Diagnostic Problem(string path, long offset, string code, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(severity, code, message, new SourceLocation(path, 1, (int)Math.Clamp(offset + 1, 1, int.MaxValue), (int)Math.Clamp(offset, 0, int.MaxValue)));

    private void Read(Stream stream, QueueFileOptions options, string path)
    {
        var seekable = stream.CanSeek;
        var reader = new QueueRecordReader(stream, QueueRecordReaderOptions.Default with { Path = path, StopAtEnd = false, FollowPointers = seekable }, leaveOpen: true);
        var diagnostics = new List<Diagnostic>();
        var recipients = new List<QueueFileRecipient>();
        var attributes = new List<QueueAttribute>();
        string? pendingOriginal = null;
        int? pendingNotify = null;
        string? pendingOrcpt = null;
        var extracted = false;
        var first = true;
        try
        {
            while (reader.TryRead(out var record))
            {
                var data = record.Data.Span;
                if (first)
                {
                    IsPostdropFormat = record.TypeByte == 'T';
                    first = false;
                }

                switch (record.TypeByte)
                {
                    case (byte)'C':
                        if (Size is null)
                        {
                            RawSizeRecord ??= data.ToArray();
                            Size = QueueSizeRecord.TryParse(data);
                            if (Size is null)
                            {
                                diagnostics.Add(Problem(path, record.Offset, "PFQ3002", $"invalid size record: {QueueText.Decode(record.CString[..Math.Min(100, record.CString.Length)])}", DiagnosticSeverity.Warning));
                            }
                        }
                        else
                        {
                            diagnostics.Add(Problem(path, record.Offset, "PFQ3003", "file contains multiple size records", DiagnosticSeverity.Warning));
                        }

                        break;
                    case (byte)'T':
                        if (!HasArrivalTime)
                        {
                            HasArrivalTime = true;
                            (ArrivalSeconds, ArrivalMicroseconds) = ParseTime(record.CString);
                        }

                        break;
                    case (byte)'F':
                        SenderFullName ??= QueueText.Decode(data);
                        break;
                    case (byte)'S':
                        if (Sender is null)
                        {
                            Sender = QueueText.Decode(data);
                        }
                        else
                        {
                            RecipientsBeforeDuplicateSender ??= recipients.Count(r => r.Status == QueueRecipientStatus.Pending);
                            diagnostics.Add(Problem(path, record.Offset, "PFQ3004", "duplicate sender address", DiagnosticSeverity.Warning));
                        }

                        break;
                    case (byte)'W':
                        WarningTime = Atol(record.CString);
                        break;
                    case (byte)'V':
                        VerpDelimiters = QueueText.Decode(data);
                        break;
                    case (byte)'>':
                        RedirectTo = QueueText.Decode(data);
                        break;
                    case (byte)'L':
                        ContentFilter = QueueText.Decode(data);
                        break;
                    case (byte)'A':
                        var split = QueueAttribute.TrySplit(data, out var error);
                        if (split is not { } nv)
                        {
                            diagnostics.Add(Problem(path, record.Offset, "PFQ3005", $"malformed attribute: {error}: {QueueText.Decode(record.CString[..Math.Min(100, record.CString.Length)])}", DiagnosticSeverity.Warning));
                            break;
                        }

                        attributes.Add(new QueueAttribute(nv.Name, nv.Value, record.Offset));
                        switch (nv.Name)
                        {
                            case "create_time":
                                CreateTime = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(Atol(PostfixText(nv.Value)), -62135596800L, 253402300799L));
                                break;
                            case "notify_flags":
                                pendingNotify = int.TryParse(nv.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                                break;
                            case "dsn_orig_rcpt":
                                pendingOrcpt = nv.Value;
                                break;
                        }

                        break;
                    case (byte)'O':
                        pendingOriginal = QueueText.Decode(data);
                        break;
                    case (byte)'R' or (byte)'D' or (byte)'/':
                        RecipientBeforeSender |= Sender is null && record.TypeByte == 'R';
                        recipients.Add(new QueueFileRecipient
                        {
                            Address = QueueText.Decode(data),
                            OriginalAddress = pendingOriginal,
                            Status = record.TypeByte switch { (byte)'R' => QueueRecipientStatus.Pending, (byte)'D' => QueueRecipientStatus.Done, _ => QueueRecipientStatus.Canceled },
                            NotifyFlags = pendingNotify,
                            DsnOriginalRecipient = pendingOrcpt,
                            Offset = record.Offset,
                            Extracted = extracted,
                        });
                        pendingOriginal = null;
                        pendingNotify = null;
                        pendingOrcpt = null;
                        break;
                    case (byte)'M':
                        extracted |= ReadContent(reader, options, path, diagnostics);
                        break;
                    case (byte)'X':
                        extracted = true;
                        break;
                    case (byte)'E':
                        IsComplete = true;
                        return;
                }
            }
        }
        catch (QueueFormatException e)
        {
            diagnostics.Add(Problem(path, e.Offset ?? reader.Position, "PFQ3001", e.Message));
        }
        finally
        {
            Recipients = recipients;
            Attributes = attributes;
            Diagnostics = diagnostics;
        }
    }

    private static ReadOnlySpan<byte> PostfixText(string text) => QueueText.Encode(text);

    /// <summary>
    /// Skips to the end of the content as the size record gives it, only forward: a size record that points back (or
    /// nowhere) would make the reader go round in circles, so then the content is read record by record instead. Found
    /// by the queuefile fuzz target (a hang).
    /// </summary>
    private bool SkipContent(QueueRecordReader reader)
    {
        if (Size is not { } size || !reader.CanSeek || size.DataOffset < 0 || size.ContentSize < 0 || size.DataOffset > long.MaxValue - size.ContentSize)
        {
            return false;
        }

        var target = size.DataOffset + size.ContentSize;
        if (target <= reader.Position)
        {
            return false;
        }

        reader.Seek(target);
        return true;
    }

    /// <summary>Reads the content; true when it consumed the <c>X</c> record.</summary>
    private bool ReadContent(QueueRecordReader reader, QueueFileOptions options, string path, List<Diagnostic> diagnostics)
    {
        if (!options.ReadHeaders && SkipContent(reader))
        {
            return false;
        }

        var headers = new List<QueueHeader>();
        var raw = new List<byte>();
        long headerOffset = 0;
        var inHeaders = true;
        var bodyPending = false;
        var lineStart = true;
        var line = new List<byte>();
        long lineOffset = 0;
        try
        {
            while (reader.TryRead(out var record))
            {
                if (!QueueRecordTypes.IsText(record.TypeByte))
                {
                    if (record.TypeByte != 'X')
                    {
                        diagnostics.Add(Problem(path, record.Offset, "PFQ3006", $"unexpected record type {record.TypeByte} in message content", DiagnosticSeverity.Warning));
                        IsComplete = record.TypeByte == 'E';
                    }

                    if (bodyPending || inHeaders)
                    {
                        BodyOffset = record.Offset;
                    }

                    return record.TypeByte == 'X';
                }

                if (bodyPending)
                {
                    BodyOffset = record.Offset;
                    bodyPending = false;
                }

                if (!inHeaders)
                {
                    if (BodyOffset is not null)
                    {
                        SkipContent(reader);
                    }

                    continue;
                }

                if (lineStart)
                {
                    lineOffset = record.Offset;
                    line.Clear();
                }

                if (line.Count < options.MaxHeaderLength)
                {
                    line.AddRange(record.Data.Span[..Math.Min(record.Data.Length, options.MaxHeaderLength - line.Count)]);
                }

                lineStart = record.TypeByte == 'N';
                if (!lineStart)
                {
                    continue;
                }

                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line);
                if (span.Length > 0 && span[0] is (byte)' ' or (byte)'\t' && raw.Count > 0)
                {
                    if (raw.Count < options.MaxHeaderLength)
                    {
                        raw.Add((byte)'\n');
                        raw.AddRange(span);
                    }

                    continue;
                }

                FlushHeader();
                if (HeaderSyntax.NameLength(span) > 0)
                {
                    headerOffset = lineOffset;
                    raw.AddRange(span);
                    continue;
                }

                // The first line that is neither a header nor a continuation ends the header; an empty one is the separator.
                inHeaders = false;
                if (span.Length == 0)
                {
                    bodyPending = true;
                }
                else
                {
                    BodyOffset = lineOffset;
                    SkipContent(reader);
                }
            }

            return false;
        }
        finally
        {
            FlushHeader();
            Headers = headers;
            HeadersRead = options.ReadHeaders;
        }

        void FlushHeader()
        {
            if (raw.Count == 0)
            {
                return;
            }

            var bytes = raw.ToArray();
            var nameLength = HeaderSyntax.NameLength(bytes);
            var name = QueueText.Decode(bytes.AsSpan(0, nameLength));
            var colon = Array.IndexOf(bytes, (byte)':');
            var unfolded = new List<byte>(bytes.Length);
            foreach (var b in bytes.AsSpan(colon + 1))
            {
                if (b != '\n')
                {
                    unfolded.Add(b);
                }
            }

            var value = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(unfolded);
            var k = 0;
            while (k < value.Length && value[k] is (byte)' ' or (byte)'\t')
            {
                k++;
            }

            headers.Add(new QueueHeader(name, QueueText.Decode(value[k..]), bytes, headerOffset));
            raw.Clear();
        }
    }

    /// <summary>Postfix's <c>REC_TYPE_TIME_SCAN</c>: <c>atol</c> for the seconds, then digits skipped and <c>atol</c> of the rest.</summary>
    internal static (long Seconds, long Microseconds) ParseTime(ReadOnlySpan<byte> text)
    {
        var seconds = Atol(text);
        var i = 0;
        while (i < text.Length && PostfixCType.IsDigit(text[i]))
        {
            i++;
        }

        return (seconds, Atol(text[i..]));
    }

    /// <summary>C's <c>atol</c>: leading white space, an optional sign, digits; 0 when there are none.</summary>
    internal static long Atol(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && PostfixCType.IsSpace(text[i]))
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
        {
            negative = text[i] == '-';
            i++;
        }

        long value = 0;
        while (i < text.Length && PostfixCType.IsDigit(text[i]))
        {
            if (value > (long.MaxValue - 9) / 10)
            {
                return negative ? long.MinValue : long.MaxValue;
            }

            value = (value * 10) + (text[i] - '0');
            i++;
        }

        return negative ? -value : value;
    }
}
