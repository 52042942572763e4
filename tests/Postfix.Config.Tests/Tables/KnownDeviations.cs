namespace Postfix.Config.Tests.Tables;

/// <summary>
/// The one list of cases where the table library is known to answer differently from real Postfix (postmap,
/// postalias), each with the reason. <see cref="KnownDeviationTests"/> runs every case against the real tool and fails
/// when a listed case starts to agree (then remove it from this list and from docs/tables.md).
/// </summary>
internal static class KnownDeviations
{
    /// <summary>One deviation.</summary>
    /// <param name="Kind">
    /// How the case runs: <c>regexp</c>/<c>pcre</c> (<c>postmap -q KEY type:TABLE</c> against our table);
    /// <c>hash-stale</c> (TABLE is built with postmap, then the source is replaced by <see cref="Changed"/>);
    /// <c>postalias -f</c> (TABLE is built with postalias and queried with <c>postalias -f -q KEY</c>).
    /// </param>
    public sealed record Case(string Kind, string Table, string Key, string Reason, string? Changed = null);

    public static readonly Case[] Cases =
    [
        new(
            "regexp",
            "if!/a|ab/ix\n/^\\a./ T89R0\nendif\n/a|ab/ T89R1\n/^(\\_{1,3}){1,3}$/!/b?((d\\>\\B)){,2}\\d{2}$/ T89R2<${1}>\nIF!/^[--/]$/xx\n/^b?/ix T89R3\nendif\n",
            "______",
            "glibc splits \"______\" over (\\_{1,3}){1,3} as 3+2+1 and reports $1=\"_\"; the submatch search here takes the " +
            "first path in preference order that ends at the longest match (3+3) and reports \"___\""),
        new(
            "hash-stale",
            "example.com smtp:[old.example.com]\n",
            "example.com",
            "database types are answered from the source file, never from the .db: after the source changes and before " +
            "postmap runs again, Postfix answers from the old database (check reports 'database is older than source file')",
            "example.com smtp:[new.example.com]\n"),
        new(
            "postalias -f",
            "root: admin\n",
            "YP_MASTER_NAME",
            "postalias also stores the NIS keys YP_LAST_MODIFIED (the build time) and YP_MASTER_NAME (myhostname), unfolded " +
            "and without a NUL, so only a -f query finds them; the library has no database and leaves them out"),
    ];

    public static bool IsKnown(string type, IEnumerable<string> tables, string key) =>
        Cases.Any(c => c.Kind == type && c.Key == key && tables.Any(t => t == c.Table.Replace("\n", "\\n", StringComparison.Ordinal)));
}
