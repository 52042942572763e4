using System.Globalization;
using System.Text;

namespace Postfix.Queue.Files;

/// <summary>
/// Prints queue files exactly like postcat(1) of Postfix 3.7.11: the same bytes for every flag combination, the same
/// warnings (through <see cref="PostcatOptions.Warning"/>) and the same fatal errors (as <see cref="QueueFormatException"/>
/// whose message is postcat's fatal text). Like postcat, output is committed record by record: what postcat would still
/// hold in its stdio buffer when it exits (a banner with nothing after it, a final newline after a text chunk) is only
/// written when a later file commits output.
/// </summary>
public sealed class PostcatWriter
{
    private const int StateEnvelope = 0;
    private const int StateHeader = 1;
    private const int StateBody = 2;
    private static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private readonly Stream _output;
    private readonly System.Buffers.ArrayBufferWriter<byte> _pending = new();
    private readonly PostcatOptions _options;
    private readonly bool _printEnvelope;
    private readonly bool _printHeader;
    private readonly bool _printBody;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where postcat's standard output goes.</param>
    /// <param name="options">The flags.</param>
    public PostcatWriter(Stream output, PostcatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _options = options ?? new PostcatOptions();
        var any = _options.Envelope || _options.Header || _options.Body;
        _printEnvelope = !any || _options.Envelope;
        _printHeader = !any || _options.Header;
        _printBody = !any || _options.Body;
    }

    /// <summary>
    /// Prints one queue file. <paramref name="path"/> is the name postcat shows (the argument, <c>stdin</c>, or the
    /// queue path such as <c>deferred/6/61ECFB26644</c>). <paramref name="isStandardInput"/>: <c>-s</c> reads and
    /// discards bytes instead of seeking.
    /// </summary>
    /// <exception cref="QueueFormatException">postcat would stop with a fatal error (the message is its text, e.g.
    /// <c>record read error</c>; the warning before it went to <see cref="PostcatOptions.Warning"/>).</exception>
    public void Write(Stream input, string path, bool isStandardInput = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(path);
        var readerOptions = (_options.Verbose ? QueueRecordReaderOptions.Raw : QueueRecordReaderOptions.Default) with { Path = path };
        var reader = new QueueRecordReader(input, readerOptions, leaveOpen: true);
        var seekable = input.CanSeek;
        if (_options.StartOffset > 0)
        {
            if (isStandardInput || !seekable)
            {
                var skipped = reader.Skip(_options.StartOffset);
                if (skipped < _options.StartOffset)
                {
                    throw Fatal(string.Create(CultureInfo.InvariantCulture, $"{path}: skip {_options.StartOffset} bytes failed after {skipped}"), reader);
                }
            }
            else
            {
                reader.Seek(_options.StartOffset);
            }
        }

        if (_options.StartOffset == 0)
        {
            var first = reader.PeekByte();
            if (first >= 0 && first != 0 && !QueueRecordTypes.IsEnvelopeType((byte)first))
            {
                Warn($"{path}: input is not a valid queue file");
                return;
            }
        }

        if (_options.StartOffset == 0 && _printEnvelope)
        {
            Emit($"*** ENVELOPE RECORDS {path} ***\n");
        }

        var state = StateEnvelope;
        var print = _printEnvelope;
        long dataOffset = -1;
        long dataSize = -1;
        var prev = 0;
        HashSet<ContentSkip>? contentSkips = null;
        var pathBytes = Encoding.UTF8.GetBytes(path);
        while (true)
        {
            var offset = seekable ? reader.Position : -1;
            QueueRecord record;
            try
            {
                if (!reader.TryRead(out record))
                {
                    break;
                }
            }
            catch (QueueFormatException e)
            {
                Warn(e.Message);
                throw Fatal("record read error", reader, e.Offset);
            }

            var type = (int)record.TypeByte;
            var data = record.Data.Span;
            if (type is 'N' or 'L')
            {
                if (state == StateHeader && (_printHeader || _printBody) && prev != 'L'
                    && !(HeaderSyntax.IsHeader(data) || (data.Length > 0 && data[0] is (byte)' ' or (byte)'\t')))
                {
                    state = StateBody;
                    print = _printBody;
                    if (!print && !_printEnvelope)
                    {
                        break;
                    }

                    if (!print && _printEnvelope && dataOffset >= 0 && dataSize >= 0)
                    {
                        SkipContent(reader, record.Offset, dataOffset + dataSize, state, prev, ref contentSkips);
                    }
                }
            }
            else if (type == 'M')
            {
                if (state != StateEnvelope)
                {
                    Warn($"{path}: out-of-order message content marker");
                }

                if (_printEnvelope)
                {
                    Marker(offset, type, "MESSAGE CONTENTS", pathBytes);
                }

                if (!_printHeader && !_printBody && dataOffset >= 0 && dataSize >= 0)
                {
                    SkipContent(reader, record.Offset, dataOffset + dataSize, StateHeader, prev, ref contentSkips);
                }

                state = StateHeader;
                print = _printHeader;
                continue;
            }
            else if (type == 'X')
            {
                if (state is not (StateHeader or StateBody))
                {
                    Warn($"{path}: out-of-order extracted segment marker");
                }

                if (print && prev == 'L')
                {
                    Emit("\n");
                }

                if (_printEnvelope)
                {
                    Marker(offset, type, "HEADER EXTRACTED", pathBytes);
                }

                state = StateEnvelope;
                print = _printEnvelope;
                if (!print)
                {
                    break;
                }

                continue;
            }
            else if (type == 'E')
            {
                if (state != StateEnvelope)
                {
                    Warn($"{path}: out-of-order message end marker");
                }

                if (_printEnvelope)
                {
                    Marker(offset, type, "MESSAGE FILE END", pathBytes);
                }

                if (_options.Raw)
                {
                    continue;
                }

                break;
            }
            else if (type == 'p')
            {
                if (print)
                {
                    PrintRecord(offset, type, record.CString);
                }

                if (!_options.Raw)
                {
                    try
                    {
                        reader.FollowPointer(data);
                    }
                    catch (QueueFormatException e)
                    {
                        Warn(e.Message);
                        throw Fatal("bad pointer record, or input is not seekable", reader, record.Offset);
                    }
                }

                continue;
            }
            else if (type == 'C')
            {
                if (print)
                {
                    PrintRecord(offset, type, record.CString);
                }

                if (dataSize >= 0 || dataOffset >= 0)
                {
                    Warn("file contains multiple size records");
                }
                else
                {
                    var assigned = ScanTwoLongs(record.CString, ref dataSize, ref dataOffset);
                    if (assigned != 2 || dataOffset <= 0 || dataSize <= 0)
                    {
                        var text = record.CString;
                        Warn("invalid size record: " + Decode(text[..Math.Min(100, text.Length)]));
                    }

                    if (!_printEnvelope)
                    {
                        SeekOrFatal(reader, dataOffset);
                        state = StateHeader;
                        print = _printHeader;
                    }
                }

                continue;
            }

            if (!print)
            {
                continue;
            }

            Prefix(offset, type);
            switch (type)
            {
                case 'T':
                    Emit(QueueRecordTypes.Name((byte)type) + ": " + AscTime(QueueFile.ParseTime(record.CString).Seconds));
                    break;
                case 'W':
                    Emit(QueueRecordTypes.Name((byte)type) + ": " + AscTime(QueueFile.Atol(record.CString)));
                    break;
                case 'L':
                    if (state == StateEnvelope)
                    {
                        Emit(QueueRecordTypes.Name((byte)type) + ": ");
                    }
                    else if (_options.Verbose)
                    {
                        Emit("unterminated_text: ");
                    }

                    EmitBytes(data);
                    if (state == StateEnvelope || _options.Verbose || _options.Offsets)
                    {
                        type = 0;
                        Emit("\n");
                    }

                    break;
                case 'N':
                    if (_options.Verbose)
                    {
                        Emit(QueueRecordTypes.Name((byte)type) + ": ");
                    }

                    EmitBytes(data);
                    Emit("\n");
                    break;
                case 'w':
                    Emit(QueueRecordTypes.Name((byte)type) + ": ");
                    EmitBytes(data);
                    Emit("\n");
                    break;
                case 'A':
                    var split = QueueAttribute.TrySplit(data, out var error);
                    if (split is not { } nv)
                    {
                        var text = record.CString;
                        Warn($"{path}: malformed attribute: {error}: {Decode(text[..Math.Min(100, text.Length)])}");
                        break;
                    }

                    if (nv.Name == "create_time")
                    {
                        Emit("create_time: " + AscTime(QueueFile.Atol(QueueText.Encode(nv.Value))));
                    }
                    else
                    {
                        Emit(QueueRecordTypes.Name((byte)type) + ": ");
                        EmitBytes(QueueText.Encode(nv.Name));
                        Emit("=");
                        EmitBytes(QueueText.Encode(nv.Value));
                        Emit("\n");
                    }

                    break;
                default:
                    Emit(QueueRecordTypes.Name((byte)type) + ": ");
                    EmitBytes(record.CString);
                    Emit("\n");
                    break;
            }

            prev = type;
            Commit();
        }
    }

    /// <summary>C's <c>sscanf(text, "%ld %ld", &amp;a, &amp;b)</c>: how many of the two were assigned.</summary>
    internal static int ScanTwoLongs(ReadOnlySpan<byte> text, ref long first, ref long second)
    {
        var i = 0;
        if (!ScanLong(text, ref i, out var a))
        {
            return 0;
        }

        first = a;
        if (!ScanLong(text, ref i, out var b))
        {
            return 1;
        }

        second = b;
        return 2;
    }

    /// <summary>asctime(localtime(t)): <c>Www Mmm dd hh:mm:ss yyyy\n</c>, day space-padded, any year.</summary>
    internal string AscTime(long seconds)
    {
        var zone = _options.TimeZone ?? TimeZoneInfo.Local;
        TimeSpan offset;
        if (seconds is > -62135596800L and < 253402300799L)
        {
            offset = zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(seconds));
        }
        else
        {
            offset = zone.BaseUtcOffset;
        }

        var local = seconds + (long)offset.TotalSeconds;
        var days = FloorDiv(local, 86400);
        var secOfDay = local - (days * 86400);
        var (year, month, day) = CivilFromDays(days);
        var weekday = (int)(((days % 7) + 11) % 7);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Days[weekday]} {Months[month - 1]}{day,3} {secOfDay / 3600:00}:{secOfDay / 60 % 60:00}:{secOfDay % 60:00} {year}\n");
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    /// <summary>The proleptic Gregorian date of a day count from 1970-01-01 (era arithmetic, valid for any long year).</summary>
    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        var z = days + 719468;
        var era = FloorDiv(z, 146097);
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m, d);
    }

    private static bool ScanLong(ReadOnlySpan<byte> text, ref int i, out long value)
    {
        value = 0;
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

        var start = i;
        var overflow = false;
        while (i < text.Length && PostfixCType.IsDigit(text[i]))
        {
            if (value > (long.MaxValue - 9) / 10)
            {
                overflow = true;
            }
            else
            {
                value = (value * 10) + (text[i] - '0');
            }

            i++;
        }

        if (i == start)
        {
            return false;
        }

        if (overflow)
        {
            value = negative ? long.MinValue : long.MaxValue;
            return true;
        }

        value = negative ? -value : value;
        return true;
    }

    private static string Decode(ReadOnlySpan<byte> bytes) => QueueText.Decode(bytes);

    /// <summary>
    /// postcat's skip to the end of the content (<c>data_offset + data_size</c> of the size record), which it takes
    /// without looking where it lands. A size record that points back makes postcat read the same records again; when it
    /// comes back to the same place in the same state (target, print state, previous record type, pointer-jump state),
    /// nothing can change any more and postcat prints the same output forever. The writer stops there instead, with a
    /// fatal error (docs/queue.md, deviations): the output up to then is postcat's, byte for byte. A loop that also jumps
    /// back through pointer records changes state every pass and ends at their 10,000-jump limit, as in postcat.
    /// </summary>
    private void SkipContent(QueueRecordReader reader, long recordOffset, long target, int state, int prev, ref HashSet<ContentSkip>? seen)
    {
        var (savedPointer, reverseJumps) = reader.JumpState;
        seen ??= [];
        if (!seen.Add(new ContentSkip(target, state, prev, savedPointer, reverseJumps)))
        {
            throw Fatal(string.Create(CultureInfo.InvariantCulture, $"{reader.Options.Path}: the size record sends the reader back to offset {target} again; postcat would repeat this output forever"), reader, recordOffset);
        }

        SeekOrFatal(reader, target);
    }

    private void SeekOrFatal(QueueRecordReader reader, long target)
    {
        if (!reader.CanSeek)
        {
            throw Fatal("seek error: Illegal seek", reader);
        }

        if (target < 0)
        {
            throw Fatal("seek error: Invalid argument", reader);
        }

        reader.Seek(target);
    }

    private QueueFormatException Fatal(string text, QueueRecordReader reader, long? offset = null)
    {
        _pending.Clear();
        return new QueueFormatException(text, offset ?? reader.Position, reader.Options.Path);
    }

    /// <summary>A warning as Postfix's msg_output() writes it: <c>printable(text, '?')</c>.</summary>
    private void Warn(string text) => _options.Warning?.Invoke(QueueText.Decode(ShowqText.Printable(QueueText.Encode(text), _options.SmtputfEnable)));

    private void Prefix(long offset, int type)
    {
        if (_options.Offsets)
        {
            Emit(string.Create(CultureInfo.InvariantCulture, $"{unchecked((ulong)offset),9} "));
        }

        if (_options.DecimalTypes)
        {
            Emit(string.Create(CultureInfo.InvariantCulture, $"{type,3} "));
        }
    }

    private void Marker(long offset, int type, string text, byte[] path)
    {
        Prefix(offset, type);
        Emit("*** " + text + " ");
        EmitBytes(path);
        Emit(" ***\n");
        Commit();
    }

    private void PrintRecord(long offset, int type, ReadOnlySpan<byte> value)
    {
        Prefix(offset, type);
        Emit(QueueRecordTypes.Name((byte)type) + ": ");
        EmitBytes(value);
        Emit("\n");
        Commit();
    }

    private void Emit(string ascii) => EmitBytes(Encoding.UTF8.GetBytes(ascii));

    private void EmitBytes(ReadOnlySpan<byte> bytes) => System.Buffers.BuffersExtensions.Write(_pending, bytes);

    private void Commit()
    {
        if (_pending.WrittenCount > 0)
        {
            _output.Write(_pending.WrittenSpan);
            _output.Flush();
            _pending.Clear();
        }
    }

    /// <summary>Everything that decides what postcat does after a content skip (see <see cref="SkipContent"/>).</summary>
    private readonly record struct ContentSkip(long Target, int State, int Prev, long SavedPointer, int ReverseJumps);
}
