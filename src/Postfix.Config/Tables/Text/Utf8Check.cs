namespace Postfix.Config.Tables.Text;

/// <summary>Postfix's <c>allascii()</c> and <c>valid_utf8_string()</c> (<c>util/valid_utf8_string.c</c>) on bytes.</summary>
internal static class Utf8Check
{
    /// <summary>Whether every char of the byte text is below 0x80.</summary>
    public static bool IsAscii(string byteText)
    {
        foreach (var c in byteText)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the bytes are valid UTF-8 as Postfix checks it (no over-long forms, surrogates or code points above U+10FFFF).</summary>
    public static bool IsValid(string byteText)
    {
        var s = byteText;
        var end = s.Length;
        for (var i = 0; i < end; i++)
        {
            var c0 = s[i];
            if (c0 <= 0x7f)
            {
                continue;
            }

            if (c0 <= 0xdf)
            {
                if (c0 < 0xc2 || i + 1 >= end || (s[++i] & 0xc0) != 0x80)
                {
                    return false;
                }
            }
            else if (c0 <= 0xef)
            {
                if (i + 2 >= end)
                {
                    return false;
                }

                var ch = s[++i];
                if (ch < (c0 == 0xe0 ? 0xa0 : 0x80) || ch > (c0 == 0xed ? 0x9f : 0xbf) || (s[++i] & 0xc0) != 0x80)
                {
                    return false;
                }
            }
            else if (c0 <= 0xf4)
            {
                if (i + 3 >= end)
                {
                    return false;
                }

                var ch = s[++i];
                if (ch < (c0 == 0xf0 ? 0x90 : 0x80) || ch > (c0 == 0xf4 ? 0x8f : 0xbf) || (s[++i] & 0xc0) != 0x80 || (s[++i] & 0xc0) != 0x80)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every byte is below 0x80.</summary>
    public static bool IsAscii(ReadOnlySpan<byte> bytes) => System.Text.Ascii.IsValid(bytes);

    /// <summary>Whether the bytes are valid UTF-8 as Postfix checks it (the same rules as the strict UTF-8 definition).</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
