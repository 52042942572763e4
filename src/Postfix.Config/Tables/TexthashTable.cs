using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// A table built from a postmap/texthash source the way Postfix builds it: <c>texthash:</c> exactly, and the database
/// types (<c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>, <c>cdb:</c>, <c>dbm:</c>, <c>sdbm:</c>) by reading the source
/// file their database is made from (the library never reads the binary database).
/// </summary>
public sealed class TexthashTable : LookupTable
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly List<string> _values = [];

    private TexthashTable(string type, string name, LookupTableOptions options)
        : base(type, name, options)
    {
    }

    /// <summary>The number of distinct (folded) keys.</summary>
    public int Count => _keys.Count;

    /// <summary>Whether the type is a database built by <c>postmap</c> (not <c>texthash</c>).</summary>
    public bool IsDatabase => !string.Equals(Type, "texthash", StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool WarnsOnOpen => !IsDatabase;

    /// <summary>
    /// The entries as <c>postmap -s</c> lists them: stored (folded) key and value, in the order of Postfix's in-memory
    /// hash table without random seeding (<c>NORANDOMIZE</c>; Postfix otherwise randomises the order per run). For
    /// database types the order is that of the source file.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Sequence()
    {
        foreach (var i in Order())
        {
            yield return new KeyValuePair<string, string>(ByteText.ToDisplay(_keys[i]), ByteText.ToDisplay(_values[i]));
        }
    }

    /// <summary>Sequence as byte pairs (for byte-exact output).</summary>
    public IEnumerable<(byte[] Key, byte[] Value)> SequenceBytes()
    {
        foreach (var i in Order())
        {
            yield return (ByteText.ToBytes(_keys[i]), ByteText.ToBytes(_values[i]));
        }
    }

    internal static TexthashTable Build(PostmapSource source, LookupTableOptions options, string type)
    {
        var table = new TexthashTable(type, source.Name, options);
        var foldAtLoad = type == "texthash" ? options.FoldCase : options.DatabaseBuiltWithFolding;
        var duplicates = type == "texthash" ? options.Duplicates : DuplicateKeyMode.Warn;
        var path = ByteText.FromDisplay(source.Name);
        foreach (var item in source.Items)
        {
            if (table.Failed)
            {
                break;
            }

            if (item.Warning is not null)
            {
                table.AddWarning(item.Warning);
            }

            if (item.Kind != PostmapSourceItemKind.Entry)
            {
                continue;
            }

            var key = foldAtLoad ? KeyFolding.Fold(item.KeyText!, options.Utf8) : item.KeyText!;
            if (table._index.TryGetValue(key, out var at))
            {
                if (duplicates == DuplicateKeyMode.Replace)
                {
                    table._values[at] = item.ValueText!;
                }

                var line = item.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var s = "duplicate entry: \"" + item.KeyText + "\"";
                table.ReportDuplicate(duplicates, TableDiagnosticCodes.DuplicateEntry, s, path + ", line " + line + ": " + s, item.Group.Source.LocationOf(item.Group.Start, item.KeyText!.Length));

                continue;
            }

            table._index[key] = table._keys.Count;
            table._keys.Add(key);
            table._values.Add(item.ValueText!);
        }

        return table;
    }

    private protected override string? LookupByteText(string key, Action<string>? warn)
    {
        if (RefusesKey(key, warn))
        {
            return null;
        }

        var folded = Options.FoldCase ? KeyFolding.Fold(key, Options.Utf8) : key;
        return _index.TryGetValue(folded, out var at) ? _values[at] : null;
    }

    /// <summary>The order <see cref="Sequence"/> lists: Postfix's hash-table order for texthash, file order for databases.</summary>
    private IEnumerable<int> Order() =>
        Failed ? [] : IsDatabase ? Enumerable.Range(0, _keys.Count) : PostfixHashOrder.Order(_keys);
}
