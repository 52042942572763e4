using System.Text;

namespace Postfix.Config.Syntax;

/// <summary>
/// Conversions between file bytes and the one-byte-per-char strings ("byte text") the parsers work on, and between
/// byte text and ordinary .NET strings shown to callers. Byte text never loses a byte: every value 0–255 maps to
/// the char with the same code.
/// </summary>
internal static class ByteText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes to byte text (ISO-8859-1, which maps every byte to the char of the same value).</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Byte text back to its bytes. Every char must be below 256.</summary>
    public static byte[] ToBytes(string byteText)
    {
        var bytes = new byte[byteText.Length];
        for (var i = 0; i < byteText.Length; i++)
        {
            var c = byteText[i];
            if (c > 0xFF)
            {
                throw new ArgumentException("Byte text holds a character above U+00FF.", nameof(byteText));
            }

            bytes[i] = (byte)c;
        }

        return bytes;
    }

    /// <summary>
    /// Byte text to a string for callers: decoded as UTF-8 when the bytes are valid UTF-8 (the usual case, and
    /// plain ASCII is unchanged), otherwise left as one char per byte so that nothing is replaced.
    /// </summary>
    public static string ToDisplay(string byteText)
    {
        var ascii = true;
        foreach (var c in byteText)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return byteText;
        }

        try
        {
            return StrictUtf8.GetString(ToBytes(byteText));
        }
        catch (DecoderFallbackException)
        {
            return byteText;
        }
    }

    /// <summary>A caller's string to byte text: its UTF-8 bytes, one char per byte (ASCII is unchanged).</summary>
    public static string FromDisplay(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                return FromBytes(Encoding.UTF8.GetBytes(text));
            }
        }

        return text;
    }
}
