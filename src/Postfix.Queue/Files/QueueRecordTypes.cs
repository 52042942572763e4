namespace Postfix.Queue.Files;

/// <summary>Names and classes of queue-file record types, as Postfix 3.7 has them (<c>global/rec_type.c</c>).</summary>
public static class QueueRecordTypes
{
    /// <summary>The record types that may start a queue file (<c>REC_TYPE_ENVELOPE</c>); postcat rejects a file whose first byte is not one of them.</summary>
    public const string EnvelopeTypes = "MCTcFILSDRO/WVA>K<ion";

    /// <summary>
    /// The name <c>rec_type_name()</c> gives a record type, as postcat prints it (<c>message_size</c>, <c>sender</c>,
    /// <c>named_attribute</c>, …); <c>unknown_record_type</c> for a byte Postfix has no name for. <c>L</c> is
    /// <c>content_filter</c> (the first entry of Postfix's table wins).
    /// </summary>
    public static string Name(byte type) => type switch
    {
        (byte)'C' => "message_size",
        (byte)'T' => "message_arrival_time",
        (byte)'c' => "queue_file_create_time",
        (byte)'F' => "sender_fullname",
        (byte)'I' => "content_inspector",
        (byte)'L' => "content_filter",
        (byte)'S' => "sender",
        (byte)'D' => "done_recipient",
        (byte)'/' => "canceled_recipient",
        (byte)'R' => "recipient",
        (byte)'O' => "original_recipient",
        (byte)'W' => "warning_message_time",
        (byte)'A' => "named_attribute",
        (byte)'p' => "pointer_record",
        (byte)'K' => "killed_record",
        (byte)'M' => "message_content",
        (byte)'N' => "regular_text",
        (byte)'w' => "padding",
        (byte)'X' => "extracted_info",
        (byte)'r' => "return_receipt",
        (byte)'e' => "errors_to",
        (byte)'P' => "priority",
        (byte)'V' => "verp_delimiters",
        (byte)'E' => "message_end",
        (byte)'>' => "redirect_to",
        (byte)'f' => "flags",
        (byte)'<' => "dsn_return_flags",
        (byte)'i' => "dsn_envelope_id",
        (byte)'o' => "dsn_original_recipient",
        (byte)'n' => "dsn_notify_flags",
        _ => "unknown_record_type",
    };

    /// <summary>Whether a file may start with this byte (<see cref="EnvelopeTypes"/>).</summary>
    public static bool IsEnvelopeType(byte type) => type != 0 && EnvelopeTypes.Contains((char)type, StringComparison.Ordinal);

    /// <summary>Whether the record is content text (<c>N</c> or <c>L</c>).</summary>
    public static bool IsText(byte type) => type is (byte)'N' or (byte)'L';
}
