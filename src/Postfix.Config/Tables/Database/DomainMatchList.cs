using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// The <c>domain</c> restriction of a database table (<c>db_common_parse_domain</c>, <c>db_common_check_domain</c>):
/// a Postfix match list of domains, <c>!domain</c> exclusions, <c>/file</c> includes and <c>type:table</c> lookups,
/// compared exactly and case-insensitively; the first matching item decides.
/// </summary>
internal sealed class DomainMatchList
{
    private readonly List<(bool Match, string Pattern)> _items = [];
    private readonly Func<string, ILookupTable>? _openTable;
    private readonly Dictionary<string, ILookupTable> _tables = new(StringComparer.Ordinal);

    private DomainMatchList(Func<string, ILookupTable>? openTable) => _openTable = openTable;

    /// <summary>Parses the list (byte text). <paramref name="readFile"/> reads a <c>/file</c> item's bytes.</summary>
    public static DomainMatchList Parse(string list, Func<string, byte[]> readFile, Func<string, ILookupTable>? openTable)
    {
        var result = new DomainMatchList(openTable);
        result.AddItems(list, readFile);
        return result;
    }

    private void AddItems(string list, Func<string, byte[]> readFile)
    {
        foreach (var raw in list.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var item = raw;
            var match = true;
            while (item.StartsWith('!'))
            {
                match = !match;
                item = item[1..];
            }

            if (item.Length == 0)
            {
                continue;
            }

            if (item[0] == '/')
            {
                var text = ByteText.FromBytes(readFile(item));
                foreach (var line in text.Split('\n'))
                {
                    var t = line.TrimStart(' ', '\t', '\r');
                    if (t.Length == 0 || t[0] == '#')
                    {
                        continue;
                    }

                    AddItems(t, readFile);
                }

                continue;
            }

            _items.Add((match, item.Contains(':', StringComparison.Ordinal) ? item : KeyFolding.LowerAscii(item)));
        }
    }

    /// <summary>1 = the domain matches, 0 = it does not, -1 = a table in the list failed.</summary>
    public int Match(string domain)
    {
        var folded = KeyFolding.LowerAscii(domain);
        foreach (var (match, pattern) in _items)
        {
            var colon = pattern.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && pattern[0] != '[')
            {
                if (_openTable is null)
                {
                    return -1;
                }

                if (!_tables.TryGetValue(pattern, out var table))
                {
                    table = _openTable(ByteText.ToDisplay(pattern));
                    _tables[pattern] = table;
                }

                try
                {
                    if (table.Lookup(ByteText.ToDisplay(folded)) is not null)
                    {
                        return match ? 1 : 0;
                    }
                }
                catch (DatabaseLookupException)
                {
                    return -1;
                }

                continue;
            }

            if (string.Equals(pattern, folded, StringComparison.Ordinal))
            {
                return match ? 1 : 0;
            }
        }

        return 0;
    }
}
