namespace Postfix.Config.Tests.Tables.Regexp;

/// <summary>
/// The one list of cases where this library is known to answer differently from the real postmap, each with the reason.
/// <see cref="KnownDeviationTests"/> fails when a listed case starts to agree (then remove it from the list).
/// </summary>
internal static class KnownDeviations
{
    public sealed record Case(string Type, string Table, string Key, string Reason);

    public static readonly Case[] Cases =
    [
        new(
            "regexp",
            "if!/a|ab/ix\n/^\\a./ T89R0\nendif\n/a|ab/ T89R1\n/^(\\_{1,3}){1,3}$/!/b?((d\\>\\B)){,2}\\d{2}$/ T89R2<${1}>\nIF!/^[--/]$/xx\n/^b?/ix T89R3\nendif\n",
            "______",
            "glibc splits \"______\" over (\\_{1,3}){1,3} as 3+2+1 and reports $1=\"_\"; the submatch search here takes the " +
            "first path in preference order that ends at the longest match (3+3) and reports \"___\""),
    ];

    public static bool IsKnown(string type, IEnumerable<string> tables, string key) =>
        Cases.Any(c => c.Type == type && c.Key == key && tables.Any(t => t == c.Table.Replace("\n", "\\n", StringComparison.Ordinal)));
}
