namespace Postfix.Queue.Files;

/// <summary>
/// The record types of a Postfix queue file (<c>global/rec_type.h</c> of Postfix 3.7). The value is the type byte in the
/// file. <see cref="ContentFilter"/> and <see cref="UnterminatedText"/> share the byte <c>L</c>: in the envelope it names a
/// content filter, in the content it is a chunk of a line longer than <c>line_length_limit</c>.
/// </summary>
#pragma warning disable CA1028 // The byte is the file format.
#pragma warning disable CA1069 // L is two things in Postfix's format.
public enum QueueRecordType : byte
{
    /// <summary><c>C</c>: the size record (six numbers), first in every file written by cleanup.</summary>
    Size = (byte)'C',

    /// <summary><c>T</c>: arrival time, <c>seconds microseconds</c>.</summary>
    Time = (byte)'T',

    /// <summary><c>c</c>: create time (a pseudo type: Postfix 3.7 stores it as the attribute <c>create_time</c>).</summary>
    CreateTime = (byte)'c',

    /// <summary><c>F</c>: the sender's full name.</summary>
    FullName = (byte)'F',

    /// <summary><c>I</c>: content inspector (legacy).</summary>
    Inspector = (byte)'I',

    /// <summary><c>L</c> in the envelope: the content filter (FILTER action or <c>content_filter</c>).</summary>
    ContentFilter = (byte)'L',

    /// <summary><c>S</c>: the envelope sender (empty: the null sender).</summary>
    Sender = (byte)'S',

    /// <summary><c>D</c>: a recipient already delivered (or bounced): qmgr overwrote the type byte of its <c>R</c> record.</summary>
    DoneRecipient = (byte)'D',

    /// <summary><c>R</c>: a recipient still to be delivered.</summary>
    Recipient = (byte)'R',

    /// <summary><c>O</c>: the original recipient of the next <c>R</c>.</summary>
    OriginalRecipient = (byte)'O',

    /// <summary><c>/</c>: a recipient a milter deleted.</summary>
    CanceledRecipient = (byte)'/',

    /// <summary><c>W</c>: when the next delay warning is due (<c>-1</c> once it was sent).</summary>
    WarningTime = (byte)'W',

    /// <summary><c>A</c>: a named attribute, <c>name=value</c>.</summary>
    Attribute = (byte)'A',

    /// <summary><c>K</c>: a record qmgr killed.</summary>
    Killed = (byte)'K',

    /// <summary><c>&gt;</c>: REDIRECT target.</summary>
    RedirectTo = (byte)'>',

    /// <summary><c>f</c>: cleanup processing flags (cleanup input only).</summary>
    Flags = (byte)'f',

    /// <summary><c>d</c>: cleanup delay upon arrival (cleanup input only).</summary>
    Delay = (byte)'d',

    /// <summary><c>M</c>: start of the message content.</summary>
    Message = (byte)'M',

    /// <summary><c>L</c> in the content: a chunk of a long line; the line goes on in the next record.</summary>
    UnterminatedText = (byte)'L',

    /// <summary><c>N</c>: one content line without its line ending.</summary>
    NormalText = (byte)'N',

    /// <summary><c>w</c>: padding (space reserved for a later pointer).</summary>
    Padding = (byte)'w',

    /// <summary><c>X</c>: end of the content, start of the extracted segment.</summary>
    Extracted = (byte)'X',

    /// <summary><c>r</c>: return receipt (obsolete).</summary>
    ReturnReceipt = (byte)'r',

    /// <summary><c>e</c>: errors-to (obsolete).</summary>
    ErrorsTo = (byte)'e',

    /// <summary><c>P</c>: priority (obsolete).</summary>
    Priority = (byte)'P',

    /// <summary><c>p</c>: pointer to another file offset (0: a placeholder).</summary>
    Pointer = (byte)'p',

    /// <summary><c>V</c>: VERP delimiters.</summary>
    Verp = (byte)'V',

    /// <summary><c>&lt;</c>: DSN RET (a pseudo type: stored as the attribute <c>ret_flags</c>).</summary>
    DsnReturn = (byte)'<',

    /// <summary><c>i</c>: DSN ENVID (a pseudo type: stored as the attribute <c>envelope_id</c>).</summary>
    DsnEnvelopeId = (byte)'i',

    /// <summary><c>o</c>: DSN ORCPT (a pseudo type: stored as the attribute <c>dsn_orig_rcpt</c>).</summary>
    DsnOriginalRecipient = (byte)'o',

    /// <summary><c>n</c>: DSN NOTIFY (a pseudo type: stored as the attribute <c>notify_flags</c>).</summary>
    DsnNotify = (byte)'n',

    /// <summary><c>m</c>: milter count (cleanup input only).</summary>
    MilterCount = (byte)'m',

    /// <summary><c>E</c>: end of the records; the heap of edited records follows.</summary>
    End = (byte)'E',
}
#pragma warning restore CA1069
#pragma warning restore CA1028
