namespace Postfix.Queue.Reading;

/// <summary>
/// The state machine behind <see cref="MailqTextReader"/>: fed one line at a time, it returns each message as soon as
/// its entry is complete. It parses by whitespace, never by column offsets (an oversized size or ID+marks pushes the
/// later columns right), and keeps only the entry being read.
/// </summary>
internal sealed class MailqTextParser : IListingLineParser
{
    private const int ShortRecipientIndent = 41;
    private const int LongRecipientIndent = 47;
    private const int ReasonLineWidth = 78;

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    private readonly QueueReaderOptions _options;
    private readonly DiagnosticSink _sink;
    private readonly TimeZoneInfo _zone;
    private readonly DateTime _latestLocal;

    private State _state = State.Start;
    private int _recipientIndent;
    private long _entries;

    // The entry being read.
    private QueueMessage? _head;
    private List<QueueRecipient>? _recipients;
    private string? _currentReason;
    private string? _pendingReason;
    private bool _pendingSet;
    private string? _pendingAsRecipient;
    private long _pendingLine;
    private string? _lastReasonText;

    // Year inference cache, by (month, day, weekday): 0 = not known yet.
    private readonly int[] _yearCache = new int[13 * 32 * 7];

    private LineDecoder? _decoder;

    public MailqTextParser(QueueReaderOptions options)
    {
        _options = options;
        _sink = new DiagnosticSink(options);
        _zone = options.TimeZone ?? TimeZoneInfo.Local;
        var reference = options.ReferenceTime ?? DateTimeOffset.UtcNow;
        _latestLocal = TimeZoneInfo.ConvertTime(reference, _zone).DateTime.AddDays(1);
    }

    private enum State
    {
        Start,
        InEntry,
        Skipping,
        BetweenEntries,
        Done,
    }

    /// <summary>Whether the next line should be an entry's first line (or the summary).</summary>
    public bool ExpectsEntry => _state == State.BetweenEntries;

    /// <summary>
    /// Header-only mode: parses an entry's first line and returns its message at once (without recipients); the caller
    /// skips the rest of the entry and then passes the blank line that ends it.
    /// </summary>
    public QueueMessage? HeadOnly(ReadOnlySpan<char> line, long lineNumber)
    {
        BeginEntry(line, lineNumber);
        var head = _head;
        _head = null;
        return head;
    }

    /// <summary>Processes one line (without its line ending); returns the message it completed, if any.</summary>
    public QueueMessage? Line(ReadOnlySpan<char> line, long lineNumber)
    {
        switch (_state)
        {
            case State.Start:
            case State.Done:
                return StartLine(line, lineNumber);
            case State.BetweenEntries:
                if (line.StartsWith("-- ", StringComparison.Ordinal))
                {
                    Trailer(line, lineNumber);
                    return null;
                }

                if (line.Length == 0)
                {
                    _sink.Report("PFQ1006", "unexpected blank line between entries", lineNumber, line);
                    return null;
                }

                BeginEntry(line, lineNumber);
                return null;
            case State.Skipping:
                if (line.Length == 0)
                {
                    _state = State.BetweenEntries;
                }

                return null;
            default:
                return EntryLine(line, lineNumber);
        }
    }

    /// <inheritdoc/>
    QueueMessage? IListingLineParser.Line(ReadOnlySpan<byte> line, long lineNumber) => Line((_decoder ??= new LineDecoder()).Decode(line), lineNumber);

    /// <inheritdoc/>
    QueueMessage? IListingLineParser.Line(string line, long lineNumber) => Line(line.EndsWith('\r') ? line.AsSpan(0, line.Length - 1) : line.AsSpan(), lineNumber);

    /// <summary>Reports PFQ1001 for a first line that is neither the header nor "Mail queue is empty", as <see cref="Line"/> does.</summary>
    internal void CheckFirstLine(ReadOnlySpan<char> line, long lineNumber)
    {
        if (!line.SequenceEqual("Mail queue is empty") && !line.StartsWith("----Queue ID-----", StringComparison.Ordinal) && !line.StartsWith("-Queue ID-", StringComparison.Ordinal))
        {
            _sink.Report("PFQ1001", "expected the header line \"-Queue ID- ...\" or \"Mail queue is empty\"", lineNumber, line);
        }
    }

    /// <summary>The input ended; returns the message of an unfinished entry, if any.</summary>
    public QueueMessage? End(long lineNumber)
    {
        switch (_state)
        {
            case State.Start:
                _sink.Report("PFQ1009", "empty listing: expected the header line or \"Mail queue is empty\"", lineNumber, string.Empty);
                return null;
            case State.Done:
                return null;
            case State.InEntry:
                _sink.Report("PFQ1009", "listing ends inside an entry, without the summary line (truncated output?)", lineNumber, string.Empty);
                _state = State.Done;
                return FinishEntry(lineNumber);
            default:
                _sink.Report("PFQ1009", "listing ends without the summary line \"-- N Kbytes in M Requests.\" (truncated output?)", lineNumber, string.Empty);
                _state = State.Done;
                return null;
        }
    }

    private QueueMessage? StartLine(ReadOnlySpan<char> line, long lineNumber)
    {
        if (line.SequenceEqual("Mail queue is empty"))
        {
            _state = State.Done;
            _entries = 0;
            return null;
        }

        if (line.StartsWith("----Queue ID-----", StringComparison.Ordinal))
        {
            _recipientIndent = LongRecipientIndent;
            _state = State.BetweenEntries;
            _entries = 0;
            return null;
        }

        if (line.StartsWith("-Queue ID-", StringComparison.Ordinal))
        {
            _recipientIndent = ShortRecipientIndent;
            _state = State.BetweenEntries;
            _entries = 0;
            return null;
        }

        if (_state == State.Done && line.Length == 0)
        {
            return null;
        }

        _sink.Report(
            _state == State.Done ? "PFQ1007" : "PFQ1001",
            _state == State.Done ? "text after the end of the listing" : "expected the header line \"-Queue ID- ...\" or \"Mail queue is empty\"",
            lineNumber,
            line);
        if (_state == State.Start && line.Length > 0 && char.IsAsciiLetterOrDigit(line[0]))
        {
            _entries = 0;
            BeginEntry(line, lineNumber);
        }

        return null;
    }

    private void Trailer(ReadOnlySpan<char> line, long lineNumber)
    {
        // "-- %lu Kbytes in %lu Request%s."
        var rest = line[3..];
        var ok = TakeNumber(ref rest, out _)
            && rest.StartsWith(" Kbytes in ", StringComparison.Ordinal);
        long count = 0;
        if (ok)
        {
            rest = rest[" Kbytes in ".Length..];
            ok = TakeNumber(ref rest, out count)
                && (count == 1 ? rest.SequenceEqual(" Request.") : rest.SequenceEqual(" Requests."));
        }

        _state = State.Done;
        if (!ok)
        {
            _sink.Report("PFQ1008", "malformed summary line; expected \"-- N Kbytes in M Requests.\"", lineNumber, line);
        }
        else if (count != _entries)
        {
            _sink.Report("PFQ1008", $"the summary counts {count} requests but the listing has {_entries} entries", lineNumber, line);
        }
    }

    private QueueMessage? EntryLine(ReadOnlySpan<char> line, long lineNumber)
    {
        if (line.Length == 0)
        {
            _state = State.BetweenEntries;
            return FinishEntry(lineNumber);
        }

        var indent = 0;
        while (indent < line.Length && line[indent] == ' ')
        {
            indent++;
        }

        var text = line[indent..];
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            var fullWidth = line.Length == ReasonLineWidth;
            if (indent == _recipientIndent && _recipientIndent > 0 && !fullWidth)
            {
                AddRecipient(text, lineNumber, line);
                return null;
            }

            if (indent == 0 || fullWidth || _recipientIndent == 0 || indent != _recipientIndent)
            {
                ReasonLine(text[1..^1], ambiguous: indent == _recipientIndent && _recipientIndent > 0, text, lineNumber, line);
                return null;
            }
        }

        if (indent == 0)
        {
            _sink.Report("PFQ1006", "expected a recipient or a (reason) line, or a blank line before the next entry", lineNumber, line);
            _state = State.Skipping;
            ResetEntry();
            return null;
        }

        if (_recipientIndent > 0 && indent != _recipientIndent && text.Length > 0)
        {
            _sink.Report("PFQ1006", $"recipient line indented by {indent} spaces, not {_recipientIndent}", lineNumber, line);
        }

        AddRecipient(text, lineNumber, line);
        return null;
    }

    private void ReasonLine(ReadOnlySpan<char> reason, bool ambiguous, ReadOnlySpan<char> asRecipient, long lineNumber, ReadOnlySpan<char> line)
    {
        if (_pendingSet)
        {
            if (_pendingAsRecipient is not null)
            {
                // The earlier "(...)" line was a recipient whose address is in parentheses.
                CommitRecipient(_pendingAsRecipient);
            }
            else
            {
                _sink.Report("PFQ1005", "a (reason) line must be followed by a recipient line", lineNumber, line);
            }
        }

        _pendingSet = true;
        _pendingLine = lineNumber;
        _pendingReason = reason.SequenceEqual("reason unavailable") ? null : ReasonString(reason);
        _pendingAsRecipient = ambiguous ? asRecipient.ToString() : null;
    }

    private void AddRecipient(ReadOnlySpan<char> address, long lineNumber, ReadOnlySpan<char> line)
    {
        _ = lineNumber;
        _ = line;
        if (_pendingSet)
        {
            _currentReason = _pendingReason;
            _pendingSet = false;
            _pendingAsRecipient = null;
        }

        CommitRecipient(address.ToString());
    }

    private void CommitRecipient(string address)
    {
        (_recipients ??= []).Add(new QueueRecipient(address, _currentReason));
    }

    private string ReasonString(ReadOnlySpan<char> reason)
    {
        if (_lastReasonText is not null && reason.SequenceEqual(_lastReasonText))
        {
            return _lastReasonText;
        }

        return _lastReasonText = reason.ToString();
    }

    private QueueMessage? FinishEntry(long lineNumber)
    {
        if (_pendingSet)
        {
            if (_pendingAsRecipient is not null)
            {
                CommitRecipient(_pendingAsRecipient);
            }
            else
            {
                _sink.Report("PFQ1005", "a (reason) line must be followed by a recipient line", _pendingLine, string.Empty);
            }
        }

        var head = _head;
        var recipients = _recipients;
        ResetEntry();
        if (head is null)
        {
            return null;
        }

        _ = lineNumber;
        return recipients is null ? head : new QueueMessage
        {
            Id = head.Id,
            Queue = head.Queue,
            ForcedExpire = head.ForcedExpire,
            Size = head.Size,
            ArrivalTime = head.ArrivalTime,
            ArrivalTimeIsExact = false,
            Sender = head.Sender,
            IsNullSender = head.IsNullSender,
            Recipients = recipients,
            LineNumber = head.LineNumber,
        };
    }

    private void ResetEntry()
    {
        _head = null;
        _recipients = null;
        _currentReason = null;
        _pendingSet = false;
        _pendingReason = null;
        _pendingAsRecipient = null;
    }

    private void BeginEntry(ReadOnlySpan<char> line, long lineNumber)
    {
        _entries++;
        ResetEntry();
        _state = State.InEntry;
        var head = ParseSenderLine(line, lineNumber);
        if (head is null)
        {
            _state = State.Skipping;
            return;
        }

        _head = head;
    }

    internal QueueMessage? ParseSenderLine(ReadOnlySpan<char> line, long lineNumber)
    {
        if (!ParseHead(line, lineNumber, out var head))
        {
            return null;
        }

        var rest = line[head.SenderStart..];
        QueueName? queue = head.Active ? QueueName.Active : head.Hold ? QueueName.Hold : null;
        string sender;
        var isNull = false;
        if (rest.SequenceEqual(_options.EmptyAddressRecipient))
        {
            sender = _options.EmptyAddressRecipient;
            isNull = true;
        }
        else
        {
            sender = rest.ToString();
            if (rest.StartsWith("(maildrop queue, sender UID ", StringComparison.Ordinal) && rest.EndsWith(")", StringComparison.Ordinal))
            {
                queue = QueueName.Maildrop;
            }
        }

        var local = head.Date.Add(head.TimeOfDay);
        return new QueueMessage
        {
            Id = QueueId.Parse(line[..head.IdLength].ToString()),
            Queue = queue,
            ForcedExpire = head.Expired,
            Size = head.Size,
            ArrivalTime = new DateTimeOffset(local, _zone.GetUtcOffset(local)),
            ArrivalTimeIsExact = false,
            Sender = sender,
            IsNullSender = isNull,
            LineNumber = lineNumber,
        };
    }

    /// <summary>
    /// Checks an entry's first line exactly as <see cref="ParseSenderLine"/> does (reporting the same diagnostics),
    /// without building a message: the length of the queue ID at the start of the line when the line is valid and its
    /// sender is the null sender, otherwise 0.
    /// </summary>
    internal int NullSenderIdLength(ReadOnlySpan<char> line, long lineNumber) =>
        ParseHead(line, lineNumber, out var head) && line[head.SenderStart..].SequenceEqual(_options.EmptyAddressRecipient) ? head.IdLength : 0;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool ParseHead(ReadOnlySpan<char> line, long lineNumber, out Head head)
    {
        head = default;
        var i = 0;
        while (i < line.Length && char.IsAsciiLetterOrDigit(line[i]))
        {
            i++;
        }

        var idText = line[..i];
        var active = false;
        var hold = false;
        var expired = false;
        while (i < line.Length && line[i] is '*' or '!' or '#')
        {
            switch (line[i])
            {
                case '*': active = true; break;
                case '!': hold = true; break;
                default: expired = true; break;
            }

            i++;
        }

        var rest = line[i..];
        SkipSpaces(ref rest);
        if (idText.Length == 0 || !TakeNumber(ref rest, out var size) || SkipSpaces(ref rest) == 0
            || !TakeTime(ref rest, out var month, out var day, out var dayOfWeek, out var hms))
        {
            _sink.Report("PFQ1002", "malformed entry line; expected \"ID[*!#] SIZE Www Mmm dd hh:mm:ss SENDER\"", lineNumber, line);
            return false;
        }

        if (active && hold)
        {
            _sink.Report("PFQ1002", "an entry cannot be both active (*) and on hold (!)", lineNumber, line);
            return false;
        }

        if (!QueueId.IsShortForm(idText) && !QueueId.IsLongForm(idText))
        {
            _sink.Report("PFQ1003", $"invalid mail queue id: {idText}", lineNumber, line);
            return false;
        }

        var year = ResolveYear(month, day, dayOfWeek, hms);
        if (year == 0)
        {
            _sink.Report("PFQ1004", "no year has this date on this weekday", lineNumber, line);
            return false;
        }

        SkipSpaces(ref rest);
        head = new Head
        {
            IdLength = idText.Length,
            Active = active,
            Hold = hold,
            Expired = expired,
            Size = size,
            Date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified),
            TimeOfDay = hms,
            SenderStart = line.Length - rest.Length,
        };
        return true;
    }

    /// <summary>The year of the most recent date not after the reference limit with this weekday, or 0 if none.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int ResolveYear(int month, int day, int dayOfWeek, TimeSpan hms)
    {
        var key = (((month * 32) + day) * 7) + dayOfWeek;
        var cached = _yearCache[key];
        if (cached != 0)
        {
            return cached;
        }

        for (var y = _latestLocal.Year; y > _latestLocal.Year - 60 && y > 1; y--)
        {
            if (day > DateTime.DaysInMonth(y, month))
            {
                continue;
            }

            var date = new DateTime(y, month, day, 0, 0, 0, DateTimeKind.Unspecified);
            if ((int)date.DayOfWeek == dayOfWeek && date.Add(hms) <= _latestLocal)
            {
                if (date.AddDays(1) <= _latestLocal)
                {
                    // Only dates entirely before the limit can be cached: on the limit day itself the time of day decides.
                    _yearCache[key] = y;
                }

                return y;
            }
        }

        return 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int SkipSpaces(ref ReadOnlySpan<char> text)
    {
        var n = 0;
        while (n < text.Length && text[n] == ' ')
        {
            n++;
        }

        text = text[n..];
        return n;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TakeNumber(ref ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var n = 0;
        while (n < text.Length && char.IsAsciiDigit(text[n]))
        {
            if (value > (long.MaxValue - 9) / 10)
            {
                return false;
            }

            value = (value * 10) + (text[n] - '0');
            n++;
        }

        text = text[n..];
        return n > 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TakeTime(ref ReadOnlySpan<char> text, out int month, out int day, out int dayOfWeek, out TimeSpan hms)
    {
        // asctime(): "Www Mmm dd hh:mm:ss" with the day padded by a space ("Nov  4").
        month = day = dayOfWeek = 0;
        hms = default;
        if (text.Length < 19 || text[3] != ' ' || text[7] != ' ')
        {
            return false;
        }

        dayOfWeek = IndexOfName(Days, text[..3]);
        month = IndexOfName(Months, text.Slice(4, 3)) + 1;
        if (dayOfWeek < 0 || month <= 0)
        {
            return false;
        }

        var d = text.Slice(8, 2);
        if (d[0] == ' ')
        {
            d = d[1..];
        }

        if (!TwoDigits(d, out day) || day < 1 || day > 31 || text[10] != ' ')
        {
            return false;
        }

        var t = text.Slice(11, 8);
        if (t[2] != ':' || t[5] != ':' || !TwoDigits(t[..2], out var h) || !TwoDigits(t.Slice(3, 2), out var m) || !TwoDigits(t.Slice(6, 2), out var s)
            || h > 23 || m > 59 || s > 60)
        {
            return false;
        }

        hms = new TimeSpan(h, m, Math.Min(s, 59));
        text = text[19..];
        return text.Length == 0 || text[0] == ' ';
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int IndexOfName(string[] names, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (text.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TwoDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 2)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private struct Head
    {
        public int IdLength;
        public bool Active;
        public bool Hold;
        public bool Expired;
        public long Size;
        public DateTime Date;
        public TimeSpan TimeOfDay;
        public int SenderStart;
    }
}
