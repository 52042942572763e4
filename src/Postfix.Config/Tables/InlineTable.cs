using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// An <c>inline:{ key=value, { key = value with spaces } }</c> table as written in main.cf or master.cf
/// (<c>util/dict_inline.c</c>, Postfix 3.0+). The text is kept exactly (<see cref="ToString"/> gives it back); items
/// are separated by commas or whitespace, <c>{ }</c> groups an item with spaces, the key may be quoted, keys are
/// case-folded like a fixed-case table, and a later entry replaces an earlier one (no duplicate check).
/// </summary>
public sealed class InlineTable : LookupTable
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly List<string> _values = [];
    private readonly List<KeyValuePair<string, string>> _entries = [];
    private readonly string _nameText;

    private InlineTable(string nameText, LookupTableOptions options)
        : base("inline", ByteText.ToDisplay(nameText), options)
    {
        _nameText = nameText;
    }

    /// <summary>The error Postfix reports when it cannot open the table (it then fails every lookup), or null.</summary>
    public string? OpenError { get; private set; }

    /// <summary>The entries as written (key unfolded), in order, duplicates included.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>Parses the part after <c>inline:</c> (for example <c>{a=1, b=2}</c>).</summary>
    /// <param name="name">The table name: the braces and everything between them.</param>
    /// <param name="options">Folding and SMTPUTF8; null for postmap's defaults.</param>
    public static InlineTable Parse(string name, LookupTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var table = new InlineTable(ByteText.FromDisplay(name), options ?? LookupTableOptions.Default);
        table.Load();
        return table;
    }

    /// <summary>
    /// Writes an inline table for main.cf: <c>inline:{ k1=v1, { k2 = v2 with spaces } }</c>, grouping with braces
    /// where an item holds whitespace or commas.
    /// </summary>
    /// <param name="entries">The entries (keys must not hold whitespace, <c>=</c>, commas or braces unless quoted).</param>
    /// <exception cref="ArgumentException">An entry Postfix would not read back unchanged.</exception>
    public static string Format(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var items = new List<string>();
        foreach (var (key, value) in entries)
        {
            var needsBraces = value.Any(c => PostfixChars.IsTokenSpace(c) || c == ',') || value.Length == 0;
            var item = needsBraces ? "{ " + key + " = " + value + " }" : key + "=" + value;
            items.Add(item);
        }

        var text = "{ " + string.Join(", ", items) + " }";
        var check = Parse(text, LookupTableOptions.Default with { FoldCase = false });
        var wanted = entries.ToList();
        if (check.OpenError is not null || check.Entries.Count != wanted.Count || !check.Entries.SequenceEqual(wanted))
        {
            throw new ArgumentException("Postfix would not read these entries back unchanged: " + (check.OpenError ?? "an item changes"), nameof(entries));
        }

        return "inline:" + text;
    }

    /// <summary>The text after <c>inline:</c>, exactly as given.</summary>
    public override string ToString() => ByteText.ToDisplay(_nameText);

    private protected override string? LookupByteText(string key, Action<string>? warn)
    {
        if (OpenError is not null)
        {
            return null;
        }

        if (Options.Utf8 && !Utf8Check.IsAscii(key) && !Utf8Check.IsValid(key))
        {
            warn?.Invoke("inline:" + _nameText + ": non-UTF-8 key \"" + key + "\": malformed UTF-8 or invalid codepoint");
            return null;
        }

        var folded = Options.FoldCase ? KeyFolding.Fold(key, Options.Utf8) : key;
        return _index.TryGetValue(folded, out var at) ? _values[at] : null;
    }

    private void Load()
    {
        var name = _nameText;
        if (Options.Utf8 && !Utf8Check.IsAscii(name) && !Utf8Check.IsValid(name))
        {
            Fail("bad UTF-8 syntax: \"inline:" + name + "\"; need \"inline:{name=value...}\"");
            return;
        }

        var len = Braces.Balance(name);
        if (len == 0 || len != name.Length || len - 2 == 0)
        {
            Fail("bad syntax: \"inline:" + name + "\"; need \"inline:{name=value...}\"");
            return;
        }

        var inner = name[1..(len - 1)];
        var pos = 0;
        string? err = null;
        var count = 0;
        while (Braces.NextToken(inner, ref pos) is { } token)
        {
            var item = token;
            if (item.StartsWith('{'))
            {
                err = Braces.Extract(ref item);
            }

            if (err is not null || (err = SplitQNameValue(item, out var key, out var value)) is not null)
            {
                break;
            }

            _entries.Add(new KeyValuePair<string, string>(ByteText.ToDisplay(key), ByteText.ToDisplay(value)));
            var folded = Options.FoldCase ? KeyFolding.Fold(key, Options.Utf8) : key;
            if (_index.TryGetValue(folded, out var at))
            {
                _values[at] = value;
            }
            else
            {
                _index[folded] = _keys.Count;
                _keys.Add(folded);
                _values.Add(value);
            }

            count++;
        }

        if (err is not null || count == 0)
        {
            Fail((err ?? "empty table") + ": \"inline:" + name + "\"; need \"inline:{name=value...}\"");
        }
    }

    /// <summary>The entries as <c>postmap -s</c> lists them (Postfix's unseeded hash order).</summary>
    public IEnumerable<KeyValuePair<string, string>> Sequence()
    {
        if (OpenError is not null)
        {
            yield break;
        }

        foreach (var i in PostfixHashOrder.Order(_keys))
        {
            yield return new KeyValuePair<string, string>(ByteText.ToDisplay(_keys[i]), ByteText.ToDisplay(_values[i]));
        }
    }

    private void Fail(string message)
    {
        OpenError = ByteText.ToDisplay(message);
        _entries.Clear();
        AddWarning(TableWarning.Create(DiagnosticSeverity.Error, message.Contains("empty table", StringComparison.Ordinal) ? TableDiagnosticCodes.InlineEmpty : TableDiagnosticCodes.InlineSyntax, message, message, new SourceLocation("inline:", 1, 1)));
    }

    /// <summary><c>split_qnameval()</c>: <c>key = value</c> with an optionally quoted key.</summary>
    internal static string? SplitQNameValue(string buf, out string key, out string value)
    {
        key = value = string.Empty;
        var k = 0;
        while (k < buf.Length && PostfixChars.IsSpace(buf[k]))
        {
            k++;
        }

        if (k == buf.Length)
        {
            return "no key found; expected format: key = value";
        }

        var inQuotes = false;
        var e = k;
        for (; e < buf.Length; e++)
        {
            var c = buf[e];
            if (c == '\\')
            {
                if (++e >= buf.Length)
                {
                    break;
                }
            }
            else if (PostfixChars.IsSpace(c) || c == '=')
            {
                if (!inQuotes)
                {
                    break;
                }
            }
            else if (c == '"')
            {
                inQuotes = !inQuotes;
            }
        }

        if (inQuotes)
        {
            return "unbalanced '\"'";
        }

        e = Math.Min(e, buf.Length);
        var v = e;
        while (v < buf.Length && PostfixChars.IsSpace(buf[v]))
        {
            v++;
        }

        if (v >= buf.Length || buf[v] != '=')
        {
            return "missing '=' after attribute name";
        }

        do
        {
            v++;
        }
        while (v < buf.Length && PostfixChars.IsSpace(buf[v]));
        var end = buf.Length;
        while (end > v && PostfixChars.IsSpace(buf[end - 1]))
        {
            end--;
        }

        key = buf[k..e];
        value = buf[v..end];
        return null;
    }
}
