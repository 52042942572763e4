namespace Postfix.Queue.Files;

/// <summary>showq's address presentation: <c>quote_822_local()</c> then <c>printable(…, '?')</c>.</summary>
internal static class ShowqText
{
    /// <summary>Quotes the local part (up to the last <c>@</c>) when it is not an RFC 822 dot-string; 8-bit bytes stay.</summary>
    public static byte[] QuoteLocal(ReadOnlySpan<byte> address)
    {
        var nul = address.IndexOf((byte)0);
        if (nul >= 0)
        {
            address = address[..nul];
        }

        var at = address.LastIndexOf((byte)'@');
        var local = at < 0 ? address : address[..at];
        if (IsDotString(local))
        {
            return address.ToArray();
        }

        var result = new List<byte>(address.Length + 4) { (byte)'"' };
        foreach (var c in local)
        {
            if (c is (byte)'"' or (byte)'\\' or (byte)'\r')
            {
                result.Add((byte)'\\');
            }

            result.Add(c);
        }

        result.Add((byte)'"');
        if (at >= 0)
        {
            result.AddRange(address[at..]);
        }

        return [.. result];
    }

    /// <summary><c>printable()</c> on the C string (up to the first NUL), through the one owner of printable().</summary>
    public static byte[] Printable(ReadOnlySpan<byte> text, bool utf8)
    {
        var nul = text.IndexOf((byte)0);
        return Postfix.Config.PostfixText.Printable(nul >= 0 ? text[..nul] : text, utf8);
    }

    private static bool IsDotString(ReadOnlySpan<byte> local)
    {
        if (local.Length == 0 || local[0] == '.')
        {
            return false;
        }

        for (var i = 0; i < local.Length; i++)
        {
            var c = local[i];
            if ((c == '.' && i + 1 < local.Length && local[i + 1] == '.') || c == ' ' || PostfixCType.IsControl(c)
                || c is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'@' or (byte)',' or (byte)';' or (byte)':' or (byte)'\\' or (byte)'"' or (byte)'[' or (byte)']')
            {
                return false;
            }
        }

        return local[^1] != '.';
    }
}
