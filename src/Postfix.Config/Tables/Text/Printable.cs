namespace Postfix.Config.Tables.Text;

/// <summary>
/// Postfix's <c>printable()</c> (<c>util/printable.c</c>), which every logged message goes through: bytes that are not
/// printable ASCII become <c>?</c>, except UTF-8-looking sequences when SMTPUTF8 is on.
/// </summary>
internal static class Printable
{
    /// <summary>Applies <c>printable(s, '?')</c> to byte text.</summary>
    public static string Apply(string byteText, bool utf8)
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
