namespace Postfix.Queue.Files;

/// <summary>Postfix's <c>is_header()</c>: one or more printable ASCII characters other than space and colon, optional blanks, a colon.</summary>
internal static class HeaderSyntax
{
    /// <summary>The length of the header name, or 0 when the text does not start a header.</summary>
    public static int NameLength(ReadOnlySpan<byte> text)
    {
        var state = 0; // 0 init, 1 in name, 2 blanks after name
        var length = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case (byte)':':
                    return state is 1 or 2 ? length : 0;
                case (byte)' ' or (byte)'\t':
                    if (state == 1)
                    {
                        state = 2;
                    }

                    if (state == 2)
                    {
                        continue;
                    }

                    return 0;
                default:
                    if (c == 0 || c >= 0x80 || PostfixCType.IsControl(c) || state == 2)
                    {
                        return 0;
                    }

                    state = 1;
                    length++;
                    continue;
            }
        }

        return 0;
    }

    /// <summary>is_header on the text up to its first NUL, as Postfix's C string sees it.</summary>
    public static bool IsHeader(ReadOnlySpan<byte> text)
    {
        var nul = text.IndexOf((byte)0);
        return NameLength(nul < 0 ? text : text[..nul]) > 0;
    }
}
