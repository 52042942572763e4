using System.Text;

namespace Postfix.Queue.Files;

/// <summary>Bytes to text without losing a byte: UTF-8 where valid, every other byte 0xNN as U+DC00+0xNN (surrogateescape).</summary>
internal static class QueueText
{
    private static readonly UTF8Encoding Strict = new(false, true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Ascii.IsValid(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Strict.GetString(bytes);
        }

        var b = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                b.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                b.Append((char)(0xDC00 + bytes[i]));
                i++;
            }
        }

        return b.ToString();
    }

    public static byte[] Encode(string text)
    {
        var result = new List<byte>(text.Length);
        Span<byte> buf = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '\uDC80' and <= '\uDCFF')
            {
                result.Add((byte)(c - 0xDC00));
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var n = new System.Text.Rune(c, text[i + 1]).EncodeToUtf8(buf);
                result.AddRange(buf[..n].ToArray());
                i++;
                continue;
            }

            var r = System.Text.Rune.IsValid(c) ? new System.Text.Rune(c) : System.Text.Rune.ReplacementChar;
            var m = r.EncodeToUtf8(buf);
            result.AddRange(buf[..m].ToArray());
        }

        return [.. result];
    }
}
