using System.Text;

namespace Postfix.Cli.Commands;

/// <summary>
/// How Postfix masks every message it logs (<c>util/printable.c</c>, applied by <c>msg_output</c>): bytes that are
/// not printable ASCII become <c>?</c>, except UTF-8-looking sequences when SMTPUTF8 is on. Presentation, so it lives
/// in the CLI; applying it twice changes nothing.
/// </summary>
internal static class LogText
{
    /// <summary>Masks <paramref name="message"/> bytes.</summary>
    public static byte[] Printable(ReadOnlySpan<byte> message, bool utf8) =>
        Encoding.Latin1.GetBytes(Printable(Encoding.Latin1.GetString(message), utf8));

    /// <summary>Masks byte text (one char per byte).</summary>
    public static string Printable(string byteText, bool utf8)
    {
        var chars = byteText.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var ch = chars[i];
            if (ch is >= (char)0x20 and < (char)0x7f)
            {
                continue;
            }

            if (utf8 && ch is >= (char)194 and <= (char)254 && i + 1 < chars.Length && chars[i + 1] is >= (char)128 and < (char)192)
            {
                while (i + 1 < chars.Length && chars[i + 1] is >= (char)128 and < (char)192)
                {
                    i++;
                }

                continue;
            }

            chars[i] = '?';
        }

        return new string(chars);
    }
}
