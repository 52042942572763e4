using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// The alias database postalias builds from an aliases file (<c>hash:</c>, <c>btree:</c>, … the library reads the
/// source file, never the <c>.db</c>), answering like <c>postalias -q NAME type:file</c>: names folded at build and
/// query time (unless <c>-f</c>), first duplicate wins with postalias's warning (<c>-r</c>: last, <c>-w</c>: silent),
/// the <c>@</c> → <c>@</c> sentinel Sendmail expects, and the trailing-NUL rules of <c>-N</c>/<c>-n</c>.
/// </summary>
public sealed class AliasTable : LookupTable
{
    private readonly Dictionary<string, string> _index = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    private AliasTable(string type, string name, LookupTableOptions options)
        : base(type, name, options)
    {
    }

    /// <summary>The number of stored names (the <c>@</c> sentinel included).</summary>
    public int Count => _keys.Count;

    /// <summary>Warnings were printed when postalias built the database, not when it is queried.</summary>
    public override bool WarnsOnOpen => false;

    /// <summary>The stored names and values in source order (the <c>@</c> sentinel last), as display strings.</summary>
    public IEnumerable<KeyValuePair<string, string>> Sequence() =>
        SequenceBytes().Select(e => new KeyValuePair<string, string>(ByteText.ToDisplay(ByteText.FromBytes(e.Key)), ByteText.ToDisplay(ByteText.FromBytes(e.Value))));

    /// <summary>The stored names and values in source order (the <c>@</c> sentinel last), as bytes.</summary>
    public IEnumerable<(byte[] Key, byte[] Value)> SequenceBytes() =>
        Failed ? [] : _keys.Select(k => (ByteText.ToBytes(k), ByteText.ToBytes(_index[k])));

    internal static AliasTable Build(AliasSource source, LookupTableOptions options, string type)
    {
        var table = new AliasTable(type, source.Name, options);
        var databaseName = ByteText.FromDisplay(source.Name) + LookupTableFactory.DatabaseSuffix(type);
        var buildUtf8 = options.DatabaseUtf8 ?? options.Utf8;
        foreach (var item in source.Items)
        {
            if (item.Warning is not null)
            {
                table.AddWarning(item.Warning);
            }

            if (item.Kind != AliasSourceItemKind.Entry)
            {
                continue;
            }

            var key = options.DatabaseBuiltWithFolding ? KeyFolding.Fold(item.NameText!, buildUtf8) : item.NameText!;
            if (table._index.ContainsKey(key))
            {
                if (options.Duplicates == DuplicateKeyMode.Replace)
                {
                    table._index[key] = item.ValueText!;
                }

                var s = "duplicate entry: \"" + key + "\"";
                table.ReportDuplicate(options.Duplicates, TableDiagnosticCodes.AliasDuplicate, s, databaseName + ": " + s, item.Group.Source.LocationOf(item.Group.Start, item.Group.End - item.Group.Start));
                if (table.Failed)
                {
                    // postalias stops at the first duplicate (without the "@" entry).
                    return table;
                }

                continue;
            }

            table._keys.Add(key);
            table._index[key] = item.ValueText!;
        }

        // Sendmail compatibility: postalias adds "@" -> "@" to say the database is complete.
        if (!table._index.ContainsKey("@"))
        {
            table._keys.Add("@");
        }

        table._index["@"] = "@";
        return table;
    }

    private protected override string? LookupByteText(string key, Action<string>? warn)
    {
        if (RefusesKey(key, warn))
        {
            return null;
        }

        // A database written with a trailing NUL (the default, or -N) is not found by a -n query, and vice versa.
        var builtWithNul = Options.BuildNulls != NullTermination.Exclude;
        if ((Options.QueryNulls == NullTermination.Include && !builtWithNul) || (Options.QueryNulls == NullTermination.Exclude && builtWithNul))
        {
            return null;
        }

        var folded = Options.FoldCase ? KeyFolding.Fold(key, Options.Utf8) : key;
        return _index.GetValueOrDefault(folded);
    }
}
