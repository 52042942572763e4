namespace Postfix.Queue;

/// <summary>Small helpers on addresses as Postfix prints them.</summary>
internal static class AddressParts
{
    /// <summary>The part after the last <c>@</c>, lower-cased (ASCII); empty when there is no <c>@</c>.</summary>
    public static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || at == address.Length - 1)
        {
            return string.Empty;
        }

        var domain = address[(at + 1)..];
        foreach (var c in domain)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return domain.ToLowerInvariant();
            }
        }

        return domain;
    }
}
