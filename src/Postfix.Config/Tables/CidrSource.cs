using System.Globalization;
using System.IO.Abstractions;
using Postfix.Config.IO;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;
using Contract = Postfix.Config.IO.SourceDocument<Postfix.Config.Tables.CidrSource, Postfix.Config.Tables.CidrSourceOptions>;

namespace Postfix.Config.Tables;

/// <summary>
/// A cidr table source (<c>cidr:</c>, <c>util/dict_cidr.c</c>), read without losing a byte. Rules are
/// <c>[!]pattern result</c>; <c>if [!]pattern</c> … <c>endif</c> blocks nest. Every problem is a warning and the
/// line is skipped, exactly as Postfix does. Immutable; the rule edits (<see cref="AddRule"/>, <see cref="SetRule"/>,
/// <see cref="RemoveRule"/>) return a new document and keep every other byte.
/// </summary>
public sealed class CidrSource : IConfigDocument<CidrSource, CidrSourceOptions>, ISourceDocument<CidrSource, CidrSourceOptions>
{
    /// <summary>The name diagnostics use for a source parsed from memory when none is given.</summary>
    public const string DefaultSourceName = "table";

    private readonly SourceText _source;
    private readonly DocumentOrigin? _origin;
    private readonly CidrSourceItem[] _items;
    private readonly TableWarning[] _trailing;

    private CidrSource(SourceText source, CidrSourceOptions options, DocumentOrigin? origin)
    {
        _source = source;
        Options = options;
        _origin = origin;
        (_items, _trailing) = ParseItems(source);
    }

    /// <summary>The name used in diagnostics.</summary>
    public string Name => _source.Name;

    /// <summary>The options the source was read with.</summary>
    public CidrSourceOptions Options { get; }

    /// <inheritdoc/>
    public string? Path => _origin?.Path;

    /// <inheritdoc/>
    public FileStamp? Stamp => _origin?.Stamp;

    /// <summary>Every item, in order, covering every byte.</summary>
    public IReadOnlyList<CidrSourceItem> Items => _items;

    /// <summary>Every warning Postfix gives while loading, in order; locations count from the start of the file.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. AllWarnings().Select(w => w.Diagnostic)];

    /// <inheritdoc/>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <inheritdoc/>
    public static CidrSource Parse(ReadOnlySpan<byte> bytes, CidrSourceOptions? options = null) => Contract.Parse(bytes, options);

    /// <summary>Parses text: <paramref name="text"/> is encoded with <see cref="PostfixText.Encode(string)"/> and parsed like the bytes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="options">Options; null for the defaults.</param>
    public static CidrSource Parse(string text, CidrSourceOptions? options = null) => Contract.Parse(text, options);

    /// <inheritdoc/>
    public static CidrSource Load(Stream stream, CidrSourceOptions? options = null) => Contract.Load(stream, options);

    /// <inheritdoc/>
    public static CidrSource Load(string path, IFileSystem? fileSystem = null, CidrSourceOptions? options = null) => Contract.Load(path, fileSystem, options);

    /// <inheritdoc/>
    public static Task<CidrSource> LoadAsync(string path, IFileSystem? fileSystem = null, CidrSourceOptions? options = null, CancellationToken cancellationToken = default) =>
        Contract.LoadAsync(path, fileSystem, options, cancellationToken);

    /// <inheritdoc/>
    public static CidrSource Create(CidrSourceOptions? options = null) => Contract.Create(options);

    /// <inheritdoc/>
    public Task<CidrSource> SaveAsync(CancellationToken cancellationToken = default) => Contract.SaveAsync(this, null, cancellationToken);

    /// <inheritdoc/>
    public Task<CidrSource> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default) => Contract.SaveAsync(this, options, cancellationToken);

    /// <inheritdoc/>
    public Task<CidrSource> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        Contract.SaveAsync(this, path, fileSystem, cancellationToken);

    /// <inheritdoc/>
    public void Save(Stream stream) => Contract.Save(this, stream);

    // How IO/SourceDocument, which holds the contract bodies above once for every document type, builds and reads this one.
    static string ISourceDocument<CidrSource, CidrSourceOptions>.DefaultName => DefaultSourceName;
    static CidrSourceOptions ISourceDocument<CidrSource, CidrSourceOptions>.DefaultOptions => new();
    SourceText ISourceDocument<CidrSource, CidrSourceOptions>.Source => _source;
    DocumentOrigin? ISourceDocument<CidrSource, CidrSourceOptions>.Origin => _origin;
    static CidrSource ISourceDocument<CidrSource, CidrSourceOptions>.Build(SourceText source, CidrSourceOptions options, DocumentOrigin? origin) => new(source, options, origin);

    /// <summary>The exact bytes of the source.</summary>
    public byte[] ToBytes() => _source.ToArray();

    /// <summary>Builds the table Postfix would build (and then answers like <c>postmap -q KEY cidr:FILE</c>).</summary>
    /// <param name="options">Open options (only the warning masking depends on them).</param>
    public CidrTable ToTable(LookupTableOptions? options = null) => new(this, options ?? LookupTableOptions.Default);

    /// <summary>
    /// The result of the first rule written with <paramref name="pattern"/> (not the answer of a lookup: use
    /// <see cref="ToTable"/> for that), or null. The string round-trips to the exact bytes.
    /// </summary>
    /// <param name="pattern">The pattern as written, with a leading <c>!</c> for a negated rule, such as <c>192.0.2.0/24</c>.</param>
    public string? GetResult(string pattern)
    {
        var index = IndexOfRule(pattern);
        return index < 0 ? null : _items[index].Result;
    }

    /// <summary>
    /// Appends a rule <c>[!]pattern result</c> at the end (ending an unterminated last line first), checked the way
    /// Postfix checks it (host bits, mask, address).
    /// </summary>
    /// <param name="pattern">The network pattern, such as <c>192.0.2.0/24</c> or <c>2001:db8::/32</c>; a leading <c>!</c> negates the rule.</param>
    /// <param name="result">The result.</param>
    /// <exception cref="FormatException">Postfix would skip the rule (the message says why).</exception>
    public CidrSource AddRule(string pattern, string result)
    {
        var (negated, p) = SplitPattern(pattern);
        var v = CheckResult(result);
        return WithRawText(TableSourceItems.Append(_source.Text, (negated ? "!" : string.Empty) + p + " " + v));
    }

    /// <summary>
    /// Sets the result of the first rule written with <paramref name="pattern"/> (a minimal edit: only the result's
    /// bytes change; a rule continued over several lines is rewritten as one line); without one, the rule is
    /// appended as by <see cref="AddRule"/>. Setting a rule to the result it has changes no byte.
    /// </summary>
    /// <param name="pattern">The pattern as written, with a leading <c>!</c> for a negated rule.</param>
    /// <param name="result">The result.</param>
    /// <exception cref="FormatException">Postfix would skip the rule (the message says why).</exception>
    public CidrSource SetRule(string pattern, string result)
    {
        var (negated, p) = SplitPattern(pattern);
        var v = CheckResult(result);
        var index = IndexOfRule(pattern);
        if (index < 0)
        {
            return AddRule(pattern, result);
        }

        var item = _items[index];
        if (string.Equals(item.ValueText, v, StringComparison.Ordinal))
        {
            return this;
        }

        var raw = TableSourceItems.Splice(item.Group, item.ValueStart, item.ValueStart + item.ValueText!.Length, v)
            ?? (negated ? "!" : string.Empty) + p + " " + v + TableSourceItems.LineEnding(item.RawText);
        return WithRawText(string.Concat(_items.Select((it, i) => i == index ? raw : it.RawText)));
    }

    /// <summary>Removes every rule written with <paramref name="pattern"/> (with its lines); <c>if</c> and <c>endif</c> lines stay.</summary>
    /// <param name="pattern">The pattern as written, with a leading <c>!</c> for a negated rule.</param>
    public CidrSource RemoveRule(string pattern)
    {
        var key = RuleKey(pattern);
        return WithRawText(string.Concat(_items.Where(i => !IsRule(i, key)).Select(i => i.RawText)));
    }

    /// <summary>The document's text, decoded with <see cref="PostfixText.Decode"/> (no byte is lost; see <see cref="ToBytes"/>).</summary>
    public override string ToString() => ByteText.ToDisplay(_source.Text);

    private static (CidrSourceItem[] Items, TableWarning[] Trailing) ParseItems(SourceText source)
    {
        var mapName = ByteText.FromDisplay(source.Name);
        var items = new List<CidrSourceItem>();
        var stack = new Stack<CidrSourceItem>();
        foreach (var group in LogicalLineReader.Read(source))
        {
            switch (group.Kind)
            {
                case LineGroupKind.Blank:
                    items.Add(new CidrSourceItem(CidrSourceItemKind.Blank, group, false, null, null, null, null));
                    continue;
                case LineGroupKind.Comment:
                    items.Add(new CidrSourceItem(CidrSourceItemKind.Comment, group, false, null, null, null, null));
                    continue;
                case LineGroupKind.Orphan:
                    items.Add(new CidrSourceItem(CidrSourceItemKind.Skipped, group, false, null, null, null, PostmapLineParser.OrphanWarning(source.Name, group)));
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
                open.Location));
        }

        return ([.. items], [.. trailing]);
    }

    private static (bool Negated, string Pattern) SplitPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = ByteText.FromDisplay(pattern);
        var negated = false;
        var i = SkipNegation(text, 0, ref negated);
        var p = text[i..];
        if (!CidrPattern.TryParse(p, out _, out var why))
        {
            throw new FormatException(ByteText.ToDisplay(why));
        }

        return (negated, p);
    }

    private static string CheckResult(string result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var v = ByteText.FromDisplay(result);
        if (v.Length == 0 || PostfixChars.IsSpace(v[0]) || PostfixChars.IsSpace(v[^1]) || v.Contains('\n', StringComparison.Ordinal) || v.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException("A cidr result must not be empty, start or end with whitespace, or hold a line break or NUL.");
        }

        return v;
    }

    private static string RuleKey(string pattern)
    {
        var (negated, p) = SplitPattern(pattern);
        return (negated ? "!" : string.Empty) + p;
    }

    private static bool IsRule(CidrSourceItem item, string key) =>
        item.Kind == CidrSourceItemKind.Rule && string.Equals((item.Negated ? "!" : string.Empty) + item.PatternText, key, StringComparison.Ordinal);

    private int IndexOfRule(string pattern)
    {
        var key = RuleKey(pattern);
        return TableSourceItems.IndexOf(_items, i => IsRule(i, key));
    }

    private CidrSource WithRawText(string rawText) =>
        new(SourceText.FromBytes(ByteText.ToBytes(rawText), Name), Options, _origin);

    internal IEnumerable<TableWarning> AllWarnings() =>
        _items.Where(i => i.Warning is not null).Select(i => i.Warning!).Concat(_trailing);

    private static CidrSourceItem ParseRule(string mapName, LineGroup group, int nesting)
    {
        var p = PostmapLineParser.CString(group.Text);
        var at = group.Source.LocationOf(group.Start, group.End - group.Start);
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

            return new CidrSourceItem(CidrSourceItemKind.If, group, negated, pattern, parsed, null, null);
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

            return new CidrSourceItem(CidrSourceItemKind.EndIf, group, false, null, null, null, null);
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

            return new CidrSourceItem(CidrSourceItemKind.Rule, group, negated, pattern, parsed, value, null, i);
        }

        CidrSourceItem Skip(string why, string code)
        {
            var s = why + ": skipping this rule";
            var warning = TableWarning.Create(DiagnosticSeverity.Warning, code, s,
                "cidr map " + mapName + ", line " + group.LineNumber.ToString(CultureInfo.InvariantCulture) + ": " + s, at);
            return new CidrSourceItem(CidrSourceItemKind.Skipped, group, false, null, null, null, warning);
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
