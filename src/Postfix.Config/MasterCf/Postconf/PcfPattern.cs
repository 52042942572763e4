namespace Postfix.Config.MasterCf.Postconf;

/// <summary>postconf's <c>name/type[/field]</c> patterns (<c>pcf_parse_service_pattern</c>): <c>*</c> only as a whole part.</summary>
internal static class PcfPattern
{
    /// <summary>Splits on <c>/</c> (empty parts skipped), checks the part count and wildcards, pads with <c>*</c>; null when invalid.</summary>
    public static string[]? Parse(string pattern, int minParts, int maxParts)
    {
        if (pattern.StartsWith('/'))
        {
            return null;
        }

        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count < minParts || parts.Count > maxParts)
        {
            return null;
        }

        if (parts.Any(p => p != "*" && p.Contains('*', StringComparison.Ordinal)))
        {
            return null;
        }

        while (parts.Count < maxParts)
        {
            parts.Add("*");
        }

        return [.. parts];
    }

    public static bool MatchString(string pattern, string value) => pattern == "*" || pattern == value;

    public static bool MatchService(string[] pattern, string name, string type) =>
        MatchString(pattern[0], name) && MatchString(pattern[1], type);

    /// <summary><c>pcf_parse_field_pattern</c>: the field index, -1 for <c>*</c>; fatal for an unknown name.</summary>
    public static int ParseField(string name)
    {
        if (name == "*")
        {
            return -1;
        }

        var index = Array.IndexOf(PcfEntry.FieldNames, name);
        return index >= 0 ? index : throw new PostconfFatalException("invalid service attribute name: \"" + name + "\"");
    }
}
