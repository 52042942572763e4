using System.Globalization;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>
/// How a table is opened: the flags postmap passes to <c>dict_open()</c> and the main.cf settings that change lookups.
/// </summary>
public sealed record LookupTableOptions
{
    /// <summary>The defaults of <c>postmap</c> with a main.cf that leaves SMTPUTF8 off.</summary>
    public static LookupTableOptions Default { get; } = new();

    /// <summary>
    /// Fold the case of keys of fixed-case tables (texthash, hash, btree, lmdb, cdb) when loading and when querying.
    /// On by default; <c>postmap -f</c> turns it off.
    /// </summary>
    public bool FoldCase { get; init; } = true;

    /// <summary>What to do with duplicate keys (<c>postmap</c>: warn; <c>-r</c>: replace; <c>-w</c>: ignore).</summary>
    public DuplicateKeyMode Duplicates { get; init; } = DuplicateKeyMode.Warn;

    /// <summary>
    /// Whether SMTPUTF8 is active (main.cf <c>smtputf8_enable = yes</c>, the default from compatibility level 1 on):
    /// keys are UTF-8 case-folded, and source lines and query keys that are not valid UTF-8 are skipped with a warning.
    /// </summary>
    public bool Utf8 { get; init; }

    /// <summary>
    /// Whether a <c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>, <c>cdb:</c>, <c>dbm:</c> or <c>sdbm:</c> database was built
    /// with case folding (<c>postmap</c> without <c>-f</c>, the default). The library reads the source file, not the
    /// database, so it needs to know how the database's keys were stored.
    /// </summary>
    public bool DatabaseBuiltWithFolding { get; init; } = true;

    /// <summary>
    /// How a <c>hash:</c>/<c>btree:</c> database was built: with a NUL after each key (the default and <c>-N</c>) or
    /// without (<c>-n</c>). Used by alias tables (<see cref="Aliases.AliasTable"/>).
    /// </summary>
    public NullTermination BuildNulls { get; init; }

    /// <summary>
    /// Whether SMTPUTF8 was active when the database was built (null: same as <see cref="Utf8"/>). postalias <c>-u</c>
    /// turns it off for a query only, while <c>newaliases</c> built the database with the main.cf setting.
    /// </summary>
    public bool? DatabaseUtf8 { get; init; }

    /// <summary>
    /// main.cf, for database tables configured in main.cf (<c>mysql:name</c> reads <c>name_hosts</c>, … from it); null
    /// when there is none.
    /// </summary>
    public MainCf.MainCfDocument? MainCf { get; init; }

    /// <summary>How the query looks: both forms (the default), with the NUL only (<c>-N</c>) or without it only (<c>-n</c>).</summary>
    public NullTermination QueryNulls { get; init; }

    /// <summary>
    /// postmap's defaults with <see cref="Utf8"/> taken from a main.cf: <c>smtputf8_enable</c> when set to a literal
    /// <c>yes</c>/<c>no</c>, otherwise Postfix's default (on from <c>compatibility_level</c> 1).
    /// </summary>
    /// <param name="mainCf">The main.cf bytes.</param>
    /// <remarks>This reads only those two parameters (last definition wins, no <c>$name</c> expansion beyond the default).</remarks>
    public static LookupTableOptions FromMainCf(ReadOnlySpan<byte> mainCf)
    {
        var source = SourceText.FromBytes(mainCf, "main.cf");
        string? utf8 = null;
        string? level = null;
        foreach (var group in LogicalLineReader.Read(source))
        {
            if (group.Kind != LineGroupKind.Logical)
            {
                continue;
            }

            var text = group.Text;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var name = PostfixChars.TrimSpace(text[..eq]);
            var value = PostfixChars.TrimSpace(text[(eq + 1)..]);
            if (name == "smtputf8_enable")
            {
                utf8 = value;
            }
            else if (name == "compatibility_level")
            {
                level = value;
            }
        }

        bool enabled;
        if (utf8 is not null && utf8.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            enabled = true;
        }
        else if (utf8 is not null && utf8.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            enabled = false;
        }
        else
        {
            enabled = CompatibilityMajor(level) >= 1;
        }

        return Default with { Utf8 = enabled };
    }

    private static int CompatibilityMajor(string? level)
    {
        if (string.IsNullOrEmpty(level))
        {
            return 0;
        }

        var digits = new string(level.TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;
    }
}
