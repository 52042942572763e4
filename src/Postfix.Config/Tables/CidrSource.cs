using System.Globalization;
using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// A cidr table source (<c>cidr:</c>, <c>util/dict_cidr.c</c>), read without losing a byte. Rules are
/// <c>[!]pattern result</c>; <c>if [!]pattern</c> … <c>endif</c> blocks nest. Every problem is a warning and the
/// line is skipped, exactly as Postfix does.
/// </summary>
public sealed class CidrSource
{
    private readonly CidrSourceItem[] _items;
    private readonly TableWarning[] _trailing;

    private CidrSource(string name, CidrSourceItem[] items, TableWarning[] trailing)
    {
        Name = name;
        _items = items;
        _trailing = trailing;
    }

    /// <summary>The name used in diagnostics.</summary>
    public string Name { get; }

    /// <summary>Every item, in order, covering every byte.</summary>
    public IReadOnlyList<CidrSourceItem> Items => _items;

    /// <summary>Every warning Postfix gives while loading, in order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. AllWarnings().Select(w => w.Diagnostic)];

    /// <summary>Parses a cidr table source.</summary>
    /// <param name="source">The file's bytes.</param>
    public static CidrSource Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var mapName = ByteText.FromDisplay(source.Name);
        var items = new List<CidrSourceItem>();
        var stack = new Stack<CidrSourceItem>();
        foreach (var group in LogicalLineReader.Read(source))
        {
            var raw = group.RawText;
            switch (group.Kind)
            {
                case LineGroupKind.Blank:
                    items.Add(new CidrSourceItem(CidrSourceItemKind.Blank, group.LineNumber, raw, false, null, null, null, null));
                    continue;
                case LineGroupKind.Comment:
                    items.Add(new CidrSourceItem(CidrSourceItemKind.Comment, group.LineNumber, raw, false, null, null, null, null));
                    continue;
                case LineGroupKind.Orphan:
                    items.Add(new CidrSourceItem(CidrSourceItemKind.Skipped, group.LineNumber, raw, false, null, null, null, PostmapLineParser.OrphanWarning(source.Name, group)));
                    continue;
            }

            var item = ParseRule(mapName, group, stack.Count);
            items.Add(item);
            if (item.Kind == CidrSourceItemKind.If)
            {
                stack.Push(item);
            }
            else if (item.Kind == CidrSourceItemKind.EndIf)
            {
                stack.Pop();
            }
        }

        var trailing = new List<TableWarning>();
        while (stack.Count > 0)
        {
            var open = stack.Pop();
            const string s = "IF has no matching ENDIF";
            trailing.Add(TableWarning.Create(DiagnosticSeverity.Warning, TableDiagnosticCodes.CidrIfWithoutEndif, s,
                "cidr map " + mapName + ", line " + open.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + s,
                source.LocationOfLine(open.LineNumber)));
        }

        return new CidrSource(source.Name, [.. items], [.. trailing]);
    }

    /// <summary>Parses a cidr table source from bytes.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name for diagnostics.</param>
    public static CidrSource Parse(ReadOnlySpan<byte> bytes, string name) => Parse(SourceText.FromBytes(bytes, name));

    /// <summary>The exact bytes of the source.</summary>
    public byte[] ToBytes() => ByteText.ToBytes(string.Concat(_items.Select(i => i.RawText)));

    /// <summary>Builds the table Postfix would build.</summary>
    /// <param name="options">Open options (only the warning masking depends on them).</param>
    public CidrTable ToTable(LookupTableOptions? options = null) => new(this, options ?? LookupTableOptions.Default);

    /// <summary>
    /// Appends a rule <c>[!]pattern result</c>, checked the way Postfix checks it (host bits, mask, address).
    /// </summary>
    /// <param name="pattern">The network pattern, such as <c>192.0.2.0/24</c> or <c>2001:db8::/32</c>.</param>
    /// <param name="value">The result.</param>
    /// <param name="negated">Whether to write <c>!</c> before the pattern.</param>
    /// <exception cref="FormatException">Postfix would skip the rule (the message says why).</exception>
    public CidrSource AddRule(string pattern, string value, bool negated = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        var p = ByteText.FromDisplay(pattern);
        var v = ByteText.FromDisplay(value);
        if (!CidrPattern.TryParse(p, out _, out var why))
        {
            throw new FormatException(ByteText.ToDisplay(why));
        }

        if (v.Length == 0 || PostfixChars.IsSpace(v[0]) || PostfixChars.IsSpace(v[^1]) || v.Contains('\n', StringComparison.Ordinal) || v.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException("A cidr result must not be empty, start or end with whitespace, or hold a line break.");
        }

        var sb = new StringBuilder(string.Concat(_items.Select(i => i.RawText)));
        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }

        sb.Append(negated ? "!" : string.Empty).Append(p).Append(' ').Append(v).Append('\n');
        return Parse(SourceText.FromBytes(ByteText.ToBytes(sb.ToString()), Name));
    }

    /// <inheritdoc/>
    public override string ToString() => ByteText.ToDisplay(string.Concat(_items.Select(i => i.RawText)));

    internal IEnumerable<TableWarning> AllWarnings() =>
        _items.Where(i => i.Warning is not null).Select(i => i.Warning!).Concat(_trailing);

    private static CidrSourceItem ParseRule(string mapName, LineGroup group, int nesting)
    {
        var raw = group.RawText;
        var p = PostmapLineParser.CString(group.Text);
        var at = group.LocationOf(0);
        var negated = false;
        if (p.Length >= 2 && string.Compare(p, 0, "IF", 0, 2, StringComparison.OrdinalIgnoreCase) == 0 && !IsAlnum(p, 2))
        {
            var i = SkipNegation(p, 2, ref negated);
            if (i == p.Length)
            {
                return Skip("no address pattern", TableDiagnosticCodes.CidrNoPattern);
            }

            var pattern = TrimEnd(p[i..]);
            if (!CidrPattern.TryParse(pattern, out var parsed, out var why))
            {
                return Skip(why, CodeFor(why));
            }

            return new CidrSourceItem(CidrSourceItemKind.If, group.LineNumber, raw, negated, pattern, parsed, null, null);
        }

        if (p.Length >= 5 && string.Compare(p, 0, "ENDIF", 0, 5, StringComparison.OrdinalIgnoreCase) == 0 && !IsAlnum(p, 5))
        {
            var i = 5;
            while (i < p.Length && PostfixChars.IsSpace(p[i]))
            {
                i++;
            }

            if (i < p.Length)
            {
                return Skip("garbage after ENDIF", TableDiagnosticCodes.CidrEndifGarbage);
            }

            if (nesting == 0)
            {
                return Skip("ENDIF without IF", TableDiagnosticCodes.CidrEndifWithoutIf);
            }

            return new CidrSourceItem(CidrSourceItemKind.EndIf, group.LineNumber, raw, false, null, null, null, null);
        }

        {
            var i = SkipNegation(p, 0, ref negated);
            var start = i;
            while (i < p.Length && !PostfixChars.IsSpace(p[i]))
            {
                i++;
            }

            var pattern = p[start..i];
            if (i < p.Length)
            {
                i++;
            }

            while (i < p.Length && PostfixChars.IsSpace(p[i]))
            {
                i++;
            }

            var value = TrimEnd(p[i..]);
            if (pattern.Length == 0)
            {
                return Skip("no address pattern", TableDiagnosticCodes.CidrNoPattern);
            }

            if (!CidrPattern.TryParse(pattern, out var parsed, out var why))
            {
                return Skip(why, CodeFor(why));
            }

            if (value.Length == 0)
            {
                return Skip("no lookup result", TableDiagnosticCodes.CidrNoResult);
            }

            return new CidrSourceItem(CidrSourceItemKind.Rule, group.LineNumber, raw, negated, pattern, parsed, value, null);
        }

        CidrSourceItem Skip(string why, string code)
        {
            var s = why + ": skipping this rule";
            var warning = TableWarning.Create(DiagnosticSeverity.Warning, code, s,
                "cidr map " + mapName + ", line " + group.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + s, at);
            return new CidrSourceItem(CidrSourceItemKind.Skipped, group.LineNumber, raw, false, null, null, null, warning);
        }
    }

    private static string CodeFor(string why) =>
        why.StartsWith("non-null host address bits", StringComparison.Ordinal) ? TableDiagnosticCodes.CidrHostBits : TableDiagnosticCodes.CidrBadPattern;

    private static int SkipNegation(string p, int i, ref bool negated)
    {
        for (; i < p.Length; i++)
        {
            if (p[i] == '!')
            {
                negated = !negated;
            }
            else if (!PostfixChars.IsSpace(p[i]))
            {
                break;
            }
        }

        return i;
    }

    private static string TrimEnd(string s)
    {
        var end = s.Length;
        while (end > 0 && PostfixChars.IsSpace(s[end - 1]))
        {
            end--;
        }

        return s[..end];
    }

    private static bool IsAlnum(string s, int i) => i < s.Length && s[i] < 0x80 && char.IsAsciiLetterOrDigit(s[i]);
}
