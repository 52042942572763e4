using System.Text;

namespace Postfix.Config.Tables.Text;

/// <summary>
/// Postfix's key case folding for fixed-case tables (<c>util/casefold.c</c>), on byte text: ASCII-only lowercasing when
/// SMTPUTF8 is off (or the key is all ASCII), ICU full case folding of UTF-8 otherwise (bytes that are not UTF-8 are
/// copied unchanged, as ICU does).
/// </summary>
internal static class KeyFolding
{
    private static readonly Dictionary<int, string> Folds = BuildFolds();

    /// <summary>Folds <paramref name="byteText"/> the way Postfix folds a lookup key.</summary>
    /// <param name="byteText">The key as byte text.</param>
    /// <param name="utf8">Whether SMTPUTF8 is active (<c>smtputf8_enable = yes</c>).</param>
    public static string Fold(string byteText, bool utf8)
    {
        var ascii = true;
        var upper = false;
        foreach (var c in byteText)
        {
            if (c >= 0x80)
            {
                ascii = false;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                upper = true;
            }
        }

        if (ascii || !utf8)
        {
            return upper ? LowerAscii(byteText) : byteText;
        }

        return FoldUtf8(byteText);
    }

    /// <summary>Postfix's <c>lowercase()</c>: A–Z to a–z, every other byte unchanged.</summary>
    public static string LowerAscii(string byteText)
    {
        return string.Create(byteText.Length, byteText, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }

    /// <summary>Lowercases ASCII letters in place in a byte buffer.</summary>
    public static void LowerAsciiInPlace(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b is >= (byte)'A' and <= (byte)'Z')
            {
                bytes[i] = (byte)(b + 32);
            }
        }
    }

    private static string FoldUtf8(string byteText)
    {
        var bytes = ByteTextBytes(byteText);
        var sb = new StringBuilder(byteText.Length + 8);
        var i = 0;
        Span<byte> encoded = stackalloc byte[4];
        while (i < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes.AsSpan(i), out var rune, out var used);
            if (status != System.Buffers.OperationStatus.Done)
            {
                // Not UTF-8: ICU copies the byte unchanged.
                sb.Append((char)bytes[i]);
                i++;
                continue;
            }

            var value = rune.Value;
            if (value < 0x80)
            {
                var c = (char)value;
                sb.Append(c is >= 'A' and <= 'Z' ? (char)(c + 32) : c);
            }
            else if (Folds.TryGetValue(value, out var folded))
            {
                foreach (var b in Encoding.UTF8.GetBytes(folded))
                {
                    sb.Append((char)b);
                }
            }
            else
            {
                for (var k = 0; k < used; k++)
                {
                    sb.Append((char)bytes[i + k]);
                }
            }

            i += used;
        }

        return sb.ToString();
    }

    private static byte[] ByteTextBytes(string byteText)
    {
        var bytes = new byte[byteText.Length];
        for (var i = 0; i < byteText.Length; i++)
        {
            bytes[i] = (byte)byteText[i];
        }

        return bytes;
    }

    private static Dictionary<int, string> BuildFolds()
    {
        var points = CaseFoldData.CodePoints;
        var folded = CaseFoldData.Folded.Split('\0');
        var map = new Dictionary<int, string>(points.Length);
        for (var i = 0; i < points.Length; i++)
        {
            map[points[i]] = folded[i];
        }

        return map;
    }
}
