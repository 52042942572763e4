namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// The text the translated .NET expressions run on. Bytes below 0x80 stay as they are; bytes 0x80–0xFF become the
/// private-use characters U+E080–U+E0FF. Private-use characters have no case, are not letters, digits or spaces, so
/// .NET can never fold or classify a non-ASCII byte the way Unicode would, while Postfix (C locale) treats every
/// byte ≥ 0x80 as an uncased, non-word byte.
/// </summary>
internal static class RegexText
{
    private const int HighBase = 0xE000;

    public static char Map(char byteChar) => byteChar < 0x80 ? byteChar : (char)(HighBase + byteChar);

    public static char Unmap(char c) => c >= HighBase + 0x80 && c <= HighBase + 0xFF ? (char)(c - HighBase) : c;

    /// <summary>Byte text to regex text.</summary>
    public static string FromByteText(string byteText)
    {
        var i = 0;
        while (i < byteText.Length && byteText[i] < 0x80)
        {
            i++;
        }

        if (i == byteText.Length)
        {
            return byteText;
        }

        return string.Create(byteText.Length, byteText, static (span, s) =>
        {
            for (var k = 0; k < s.Length; k++)
            {
                span[k] = Map(s[k]);
            }
        });
    }
}
