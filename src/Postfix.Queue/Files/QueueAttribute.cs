namespace Postfix.Queue.Files;

/// <summary>A named attribute (<c>A</c> record, <c>name=value</c>, split like Postfix's <c>split_nameval()</c>).</summary>
/// <param name="Name">The name (trimmed).</param>
/// <param name="Value">The value (trimmed; may be empty).</param>
/// <param name="Offset">The offset of the record.</param>
public sealed record QueueAttribute(string Name, string Value, long Offset)
{
    /// <summary>
    /// Splits an attribute payload like Postfix's <c>split_nameval()</c> (the payload ends at its first NUL): null and an
    /// error text (<c>missing attribute name</c>, <c>missing '=' after attribute name</c>) when it is malformed.
    /// </summary>
    public static (string Name, string Value)? TrySplit(ReadOnlySpan<byte> payload, out string? error)
    {
        var nul = payload.IndexOf((byte)0);
        if (nul >= 0)
        {
            payload = payload[..nul];
        }

        var i = 0;
        while (i < payload.Length && PostfixCType.IsSpace(payload[i]))
        {
            i++;
        }

        if (i == payload.Length || payload[i] == '=')
        {
            error = "missing attribute name";
            return null;
        }

        var nameStart = i;
        while (i < payload.Length && !PostfixCType.IsSpace(payload[i]) && payload[i] != '=')
        {
            i++;
        }

        var nameEnd = i;
        while (i < payload.Length && PostfixCType.IsSpace(payload[i]))
        {
            i++;
        }

        if (i == payload.Length || payload[i] != '=')
        {
            error = "missing '=' after attribute name";
            return null;
        }

        i++;
        while (i < payload.Length && PostfixCType.IsSpace(payload[i]))
        {
            i++;
        }

        var end = payload.Length;
        while (end > i && PostfixCType.IsSpace(payload[end - 1]))
        {
            end--;
        }

        error = null;
        return (QueueText.Decode(payload[nameStart..nameEnd]), QueueText.Decode(payload[i..end]));
    }
}
