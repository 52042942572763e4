using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Postfix.Config;

/// <summary>
/// The lossless codec between the bytes of Postfix files and .NET strings. Bytes that form valid UTF-8 decode to
/// the characters they encode; every other byte <c>0xNN</c> decodes to the lone surrogate <c>U+DC00 + 0xNN</c>
/// (U+DC80–U+DCFF, the convention of Python's <c>surrogateescape</c>). Encoding reverses it exactly, so
/// <c>Encode(Decode(bytes))</c> gives back the same bytes for every input, and every string this library hands out
/// can be handed back without changing a byte of the file.
/// </summary>
public static class PostfixText
{
    private const char EscapeBase = '\uDC00';

    /// <summary>Decodes file bytes to a string: UTF-8 where valid, one escape character for every other byte.</summary>
    /// <param name="bytes">The bytes, as they are in the file.</param>
    /// <returns>The string; plain ASCII is returned unchanged.</returns>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var builder = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                var n = rune.EncodeToUtf16(pair);
                builder.Append(pair[..n]);
            }
            else
            {
                // Invalid or truncated sequence: escape its bytes one at a time (consumed is at least 1).
                for (var i = 0; i < consumed; i++)
                {
                    builder.Append((char)(EscapeBase + bytes[i]));
                }
            }

            bytes = bytes[consumed..];
        }

        return builder.ToString();
    }

    /// <summary>
    /// Encodes a string to file bytes: UTF-8, except that each escape character U+DC80–U+DCFF becomes the one byte it
    /// stands for.
    /// </summary>
    /// <param name="text">The text; a lone surrogate outside U+DC80–U+DCFF cannot be encoded.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ArgumentException">The text holds a lone surrogate that is not a byte escape.</exception>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var writer = new ArrayBufferWriter<byte>(Math.Max(1, text.Length));
        Encode(text, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="text"/> like <see cref="Encode(string)"/> into <paramref name="destination"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="destination">Receives the bytes.</param>
    public static void Encode(ReadOnlySpan<char> text, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        while (!text.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(text, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                var span = destination.GetSpan(4);
                var n = rune.EncodeToUtf8(span);
                destination.Advance(n);
            }
            else
            {
                var c = text[0];
                if (c < '\uDC80' || c > '\uDCFF')
                {
                    throw new ArgumentException(
                        $"The text holds the lone surrogate U+{(int)c:X4}, which is not a byte escape (U+DC80-U+DCFF).",
                        nameof(text));
                }

                var span = destination.GetSpan(1);
                span[0] = (byte)(c - EscapeBase);
                destination.Advance(1);
                consumed = 1;
            }

            text = text[consumed..];
        }
    }

    /// <summary>
    /// Postfix's <c>printable(s, '?')</c>, as its programs apply it to what they log: every byte outside 0x20–0x7E
    /// becomes <c>?</c>, except that with <paramref name="utf8"/> (Postfix's <c>smtputf8_enable</c> logging) a UTF-8
    /// lead byte followed by continuation bytes is kept.
    /// </summary>
    /// <param name="bytes">The bytes to make printable.</param>
    /// <param name="utf8">Keep UTF-8 sequences, as Postfix does when SMTPUTF8 is on.</param>
    /// <returns>The printable bytes, as many as were given.</returns>
    public static byte[] Printable(ReadOnlySpan<byte> bytes, bool utf8)
    {
        var result = bytes.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            var ch = result[i];
            if (ch is >= 0x20 and < 0x7f)
            {
                continue;
            }

            if (utf8 && ch is >= 194 and <= 254 && i + 1 < result.Length && result[i + 1] is >= 128 and < 192)
            {
                while (i + 1 < result.Length && result[i + 1] is >= 128 and < 192)
                {
                    i++;
                }

                continue;
            }

            result[i] = (byte)'?';
        }

        return result;
    }

    /// <summary><see cref="Printable(ReadOnlySpan{byte}, bool)"/> on byte text (one char per byte).</summary>
    internal static string PrintableByteText(string byteText, bool utf8) =>
        Syntax.ByteText.FromBytes(Printable(Syntax.ByteText.ToBytes(byteText), utf8));

    /// <summary>True when every character of <paramref name="text"/> can be encoded (no lone surrogate outside the escapes).</summary>
    /// <param name="text">The text to test.</param>
    public static bool IsEncodable(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != OperationStatus.Done)
            {
                if (text[0] < '\uDC80' || text[0] > '\uDCFF')
                {
                    return false;
                }

                consumed = 1;
            }

            text = text[consumed..];
        }

        return true;
    }
}
