using System.Text;

namespace Postfix.Config.Syntax;

/// <summary>
/// Conversions between file bytes and the one-byte-per-char strings ("byte text") the parsers work on, and between
/// byte text and ordinary .NET strings shown to callers. Byte text never loses a byte: every value 0–255 maps to
/// the char with the same code.
/// </summary>
internal static class ByteText
{
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
    /// Byte text to a string for callers, through <see cref="PostfixText.Decode"/>: UTF-8 where the bytes are valid
    /// UTF-8 (plain ASCII is unchanged), and an escape character U+DC80–U+DCFF for every other byte, so that
    /// <see cref="FromDisplay"/> gives back the same bytes.
    /// </summary>
    public static string ToDisplay(string byteText)
    {
        foreach (var c in byteText)
        {
            if (c >= 0x80)
            {
                return PostfixText.Decode(ToBytes(byteText));
            }
        }

        return byteText;
    }

    /// <summary>A caller's string to byte text, through <see cref="PostfixText.Encode(string)"/> (ASCII is unchanged).</summary>
    public static string FromDisplay(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                return FromBytes(PostfixText.Encode(text));
            }
        }

        return text;
    }
}
