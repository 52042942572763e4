using System.Globalization;
using System.IO.Abstractions;
using Postfix.Config.IO;
using Postfix.Config.Syntax;
using Contract = Postfix.Config.IO.SourceDocument<Postfix.Config.Tables.Regexp.PatternTableDocument, Postfix.Config.Tables.Regexp.PatternTableOptions>;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// A regexp: or pcre: table source (<see cref="PatternTableOptions.Dialect"/>), kept byte for byte
/// (<see cref="ToBytes"/> gives back exactly the input), with every entry classified and every warning Postfix gives
/// when it loads the file (<c>dict_regexp.c</c>, <c>dict_pcre.c</c>), in Postfix's words, with line, column and byte
/// span. <see cref="ToTable"/> gives the table that answers like <c>postmap -q</c>. Immutable; the rule edits
/// (<see cref="AddRule(string, string)"/>, <see cref="SetRule"/>, <see cref="RemoveRule"/>) return a new document and
/// keep every other byte.
/// </summary>
public sealed class PatternTableDocument : IConfigDocument<PatternTableDocument, PatternTableOptions>, ISourceDocument<PatternTableDocument, PatternTableOptions>
{
    /// <summary>The name diagnostics use for a source parsed from memory when none is given.</summary>
    public const string DefaultSourceName = "table";

    private readonly List<string> _postfixWarnings;
    private readonly DocumentOrigin? _origin;

    private PatternTableDocument(
        SourceText source,
        PatternTableOptions options,
        DocumentOrigin? origin,
        IReadOnlyList<PatternTableEntry> entries,
        IReadOnlyList<Diagnostic> diagnostics,
        List<string> postfixWarnings,
        IReadOnlyList<CompiledRule> rules)
    {
        Source = source;
        Options = options;
        _origin = origin;
        Entries = entries;
        Diagnostics = diagnostics;
        _postfixWarnings = postfixWarnings;
        Rules = rules;
    }

    /// <summary>The name used in diagnostics and in Postfix's warnings (the path as given after <c>regexp:</c>).</summary>
    public string Name => Source.Name;

    /// <summary>The options the document was read with (dialect and limits).</summary>
    public PatternTableOptions Options { get; }

    /// <summary>Whether the file is read as a regexp: or a pcre: table.</summary>
    public PatternTableDialect Dialect => Options.Dialect;

    /// <inheritdoc/>
    public string? Path => _origin?.Path;

    /// <inheritdoc/>
    public FileStamp? Stamp => _origin?.Stamp;

    /// <summary>Every entry, in order; together they cover every byte of the source.</summary>
    public IReadOnlyList<PatternTableEntry> Entries { get; }

    /// <summary>Every warning, in the order Postfix prints them; locations count from the start of the file.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <inheritdoc/>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// The warnings exactly as <c>postmap</c> prints them after <c>postmap: warning: </c>, in order
    /// (for example <c>regexp map /etc/postfix/x, line 3: Unmatched ( or \(</c>).
    /// </summary>
    public IReadOnlyList<string> PostfixWarnings => _postfixWarnings;

    /// <summary>The source the document was parsed from.</summary>
    internal SourceText Source { get; }

    internal IReadOnlyList<CompiledRule> Rules { get; }

    /// <inheritdoc/>
    public static PatternTableDocument Parse(ReadOnlySpan<byte> bytes, PatternTableOptions? options = null) => Contract.Parse(bytes, options);

    /// <summary>Parses text: <paramref name="text"/> is encoded with <see cref="PostfixText.Encode(string)"/> and parsed like the bytes.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="options">Options; null for the defaults (a regexp: table).</param>
    public static PatternTableDocument Parse(string text, PatternTableOptions? options = null) => Contract.Parse(text, options);

    /// <inheritdoc/>
    public static PatternTableDocument Load(Stream stream, PatternTableOptions? options = null) => Contract.Load(stream, options);

    /// <inheritdoc/>
    public static PatternTableDocument Load(string path, IFileSystem? fileSystem = null, PatternTableOptions? options = null) => Contract.Load(path, fileSystem, options);

    /// <inheritdoc/>
    public static Task<PatternTableDocument> LoadAsync(string path, IFileSystem? fileSystem = null, PatternTableOptions? options = null, CancellationToken cancellationToken = default) =>
        Contract.LoadAsync(path, fileSystem, options, cancellationToken);

    /// <inheritdoc/>
    public static PatternTableDocument Create(PatternTableOptions? options = null) => Contract.Create(options);

    /// <inheritdoc/>
    public Task<PatternTableDocument> SaveAsync(CancellationToken cancellationToken = default) => Contract.SaveAsync(this, null, cancellationToken);

    /// <inheritdoc/>
    public Task<PatternTableDocument> SaveAsync(SaveOptions options, CancellationToken cancellationToken = default) => Contract.SaveAsync(this, options, cancellationToken);

    /// <inheritdoc/>
    public Task<PatternTableDocument> SaveAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default) =>
        Contract.SaveAsync(this, path, fileSystem, cancellationToken);

    /// <inheritdoc/>
    public void Save(Stream stream) => Contract.Save(this, stream);

    // How IO/SourceDocument, which holds the contract bodies above once for every document type, builds and reads this one.
    static string ISourceDocument<PatternTableDocument, PatternTableOptions>.DefaultName => DefaultSourceName;
    static PatternTableOptions ISourceDocument<PatternTableDocument, PatternTableOptions>.DefaultOptions => PatternTableOptions.Default;
    SourceText ISourceDocument<PatternTableDocument, PatternTableOptions>.Source => Source;
    DocumentOrigin? ISourceDocument<PatternTableDocument, PatternTableOptions>.Origin => _origin;
    static PatternTableDocument ISourceDocument<PatternTableDocument, PatternTableOptions>.Build(SourceText source, PatternTableOptions options, DocumentOrigin? origin) => Build(source, options, origin);

    /// <summary>The exact bytes of the document.</summary>
    public byte[] ToBytes() => Source.ToArray();

    /// <summary>The table that answers like <c>postmap -q KEY regexp:FILE</c> (or <c>pcre:</c>) from this document's rules.</summary>
    public PatternTable ToTable() => new(this);

    /// <summary>
    /// The result text (before <c>$n</c> substitution) of the first rule written with <paramref name="pattern"/>, or
    /// null (not the answer of a lookup: use <see cref="ToTable"/> for that). The string round-trips to the exact bytes.
    /// </summary>
    /// <param name="pattern">The rule's pattern part exactly as written, such as <c>/^Subject: spam/i</c> or <c>!/x/</c>.</param>
    public string? GetResult(string pattern)
    {
        var index = IndexOfRule(pattern);
        return index < 0 ? null : Entries[index].Result;
    }

    /// <summary>
    /// Appends the rule <c>pattern result</c> at the end (ending an unterminated last line first). Every existing byte is
    /// kept.
    /// </summary>
    /// <param name="pattern">The pattern part as it should be written, such as <c>/^Subject: spam/i</c>.</param>
    /// <param name="result">The result text (<c>$n</c> refers to a group; <c>$$</c> is a dollar).</param>
    /// <exception cref="FormatException">Postfix would not load the line as this rule (the message is Postfix's warning).</exception>
    public PatternTableDocument AddRule(string pattern, string result)
    {
        var (p, r) = CheckRule(pattern, result);
        return Checked(TableSourceItems.Append(Source.Text, p + " " + r), p);
    }

    /// <summary>Appends a header or body check rule (see <see cref="AddRule(string, string)"/>).</summary>
    /// <param name="rule">The rule.</param>
    /// <exception cref="ArgumentException">The rule cannot be written on one line.</exception>
    public PatternTableDocument AddRule(HeaderCheckRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return WithRawText(TableSourceItems.Append(Source.Text, ByteText.FromDisplay(rule.ToLine())));
    }

    /// <summary>
    /// Sets the result of the first rule written with <paramref name="pattern"/> (a minimal edit: only the result's
    /// bytes change; a rule continued over several lines is rewritten as one line); without one, the rule is appended
    /// as by <see cref="AddRule(string, string)"/>. Setting a rule to the result it has changes no byte.
    /// </summary>
    /// <param name="pattern">The rule's pattern part exactly as written.</param>
    /// <param name="result">The result text.</param>
    /// <exception cref="FormatException">Postfix would not load the line as this rule.</exception>
    public PatternTableDocument SetRule(string pattern, string result)
    {
        var (p, r) = CheckRule(pattern, result);
        var index = IndexOfRule(pattern);
        if (index < 0)
        {
            return AddRule(pattern, result);
        }

        var entry = Entries[index];
        if (string.Equals(entry.ResultText, r, StringComparison.Ordinal))
        {
            return this;
        }

        var raw = TableSourceItems.Splice(entry.Group, entry.ResultStart, entry.ResultStart + entry.ResultText!.Length, r)
            ?? p + " " + r + TableSourceItems.LineEnding(entry.Group.RawText);
        var glued = entry.ResultStart > 0 && !PostfixChars.IsSpace(entry.Group.RawText[entry.ResultStart - 1]);
        if (glued && !ParsesAs(raw, p, r))
        {
            // Postfix needs no space between the pattern and the result ("/a/!/b/!x" has the result "!x"), but a new
            // result glued to the pattern may read as its flags ("/a/" + "x-y": the flag x, then "-"): one space then.
            raw = TableSourceItems.Splice(entry.Group, entry.ResultStart, entry.ResultStart + entry.ResultText.Length, " " + r) ?? raw;
        }

        return Checked(string.Concat(Entries.Select((e, i) => i == index ? raw : e.Group.RawText)), p);
    }

    private bool ParsesAs(string entryRawText, string patternText, string resultText)
    {
        var alone = WithRawText(entryRawText);
        return alone.Entries.Any(e => IsRule(e, patternText) && e.Diagnostics.Count == 0 && string.Equals(e.ResultText, resultText, StringComparison.Ordinal));
    }

    /// <summary>Removes every rule written with <paramref name="pattern"/> (with its lines); <c>if</c> and <c>endif</c> lines stay.</summary>
    /// <param name="pattern">The rule's pattern part exactly as written.</param>
    public PatternTableDocument RemoveRule(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var p = ByteText.FromDisplay(pattern);
        return WithRawText(string.Concat(Entries.Where(e => !IsRule(e, p)).Select(e => e.Group.RawText)));
    }

    /// <summary>The document's text, decoded with <see cref="PostfixText.Decode"/> (no byte is lost; see <see cref="ToBytes"/>).</summary>
    public override string ToString() => ByteText.ToDisplay(Source.Text);

    private static PatternTableDocument Build(SourceText source, PatternTableOptions options, DocumentOrigin? origin) =>
        new Builder(source, options, origin).Build();

    private static bool IsRule(PatternTableEntry entry, string patternText) =>
        entry.Kind == PatternTableEntryKind.Rule && string.Equals(entry.PatternText, patternText, StringComparison.Ordinal);

    private static (string Pattern, string Result) CheckRule(string pattern, string result)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(result);
        var p = ByteText.FromDisplay(pattern);
        var r = ByteText.FromDisplay(result);
        if (p.Length == 0 || PostfixChars.IsSpace(p[0]) || p.Contains('\n', StringComparison.Ordinal) || p.Contains('\0', StringComparison.Ordinal)
            || r.Length == 0 || PostfixChars.IsSpace(r[0]) || PostfixChars.IsSpace(r[^1]) || r.Contains('\n', StringComparison.Ordinal) || r.Contains('\0', StringComparison.Ordinal))
        {
            throw new FormatException("A rule's pattern and result must not be empty, start with whitespace, or hold a line break or NUL; the result must not end with whitespace.");
        }

        return (p, r);
    }

    private int IndexOfRule(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var p = ByteText.FromDisplay(pattern);
        return TableSourceItems.IndexOf(Entries, e => IsRule(e, p));
    }

    /// <summary>The edited document, after checking that Postfix loads a rule written with <paramref name="patternText"/> in it without a warning.</summary>
    private PatternTableDocument Checked(string rawText, string patternText)
    {
        var result = WithRawText(rawText);
        var entry = result.Entries.FirstOrDefault(e => IsRule(e, patternText));
        if (entry is null || entry.Diagnostics.Count > 0)
        {
            var why = entry is not null ? entry.Diagnostics[0].Message : result.Diagnostics.Count > 0 ? result.Diagnostics[^1].Message : "not a rule";
            throw new FormatException(why);
        }

        return result;
    }

    private PatternTableDocument WithRawText(string rawText) =>
        Build(SourceText.FromBytes(ByteText.ToBytes(rawText), Name), Options, _origin);

    private sealed class Builder
    {
        private readonly SourceText _source;
        private readonly PatternTableDialect _dialect;
        private readonly PatternTableOptions _options;
        private readonly DocumentOrigin? _origin;
        private readonly List<PatternTableEntry> _entries = [];
        private readonly List<Diagnostic> _diagnostics = [];
        private readonly List<string> _warnings = [];
        private readonly List<CompiledRule> _rules = [];
        private readonly List<int> _ifStack = [];
        private List<Diagnostic> _entryDiagnostics = [];
        private LineGroup _group = null!;
        private string _text = string.Empty;

        public Builder(SourceText source, PatternTableOptions options, DocumentOrigin? origin)
        {
            _source = source;
            _dialect = options.Dialect;
            _options = options;
            _origin = origin;
        }

        private bool Pcre => _dialect == PatternTableDialect.Pcre;

        private int CodeBase => Pcre ? 3600 : 3500;

        private string MapPrefix => (Pcre ? "pcre map " : "regexp map ") + _source.Name;

        public PatternTableDocument Build()
        {
            foreach (var group in LogicalLineReader.Read(_source))
            {
                _group = group;
                _entryDiagnostics = [];
                var entry = group.Kind switch
                {
                    LineGroupKind.Blank => new PatternTableEntry(PatternTableEntryKind.Blank, group, []),
                    LineGroupKind.Comment => new PatternTableEntry(PatternTableEntryKind.Comment, group, []),
                    LineGroupKind.Orphan => Orphan(group),
                    _ => Logical(group),
                };
                _entries.Add(entry);
            }

            for (var i = _ifStack.Count - 1; i >= 0; i--)
            {
                var rule = _rules[_ifStack[i]];
                var line = rule.LineNumber;
                var msg = "IF has no matching ENDIF";
                _warnings.Add($"{MapPrefix}, line {line.ToString(CultureInfo.InvariantCulture)}: {msg}");
                _diagnostics.Add(new Diagnostic(
                    DiagnosticSeverity.Warning,
                    Code(17),
                    msg,
                    _source.LocationOfLine(line)));
            }

            return new PatternTableDocument(_source, _options, _origin, _entries, _diagnostics, _warnings, _rules);
        }

        private string Code(int suffix) => "PFC" + (CodeBase + suffix).ToString(CultureInfo.InvariantCulture);

        private PatternTableEntry Orphan(LineGroup group)
        {
            var text = group.Text;
            var cut = text.IndexOf('\0', StringComparison.Ordinal);
            if (cut >= 0)
            {
                text = text[..cut];
            }

            var shown = text.Length > 30 ? text[..30] + "..." : text;
            var msg = $"logical line must not start with whitespace: \"{shown}\"";
            _warnings.Add($"{_source.Name}: {msg}");
            var d = new Diagnostic(DiagnosticSeverity.Warning, Code(20), ByteText.ToDisplay(msg), group.LocationOf(0));
            _diagnostics.Add(d);
            return new PatternTableEntry(PatternTableEntryKind.Skipped, group, [d]);
        }

        private void Warn(int suffix, string message, int offset, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
        {
            _warnings.Add($"{MapPrefix}, line {_group.LineNumber.ToString(CultureInfo.InvariantCulture)}: {message}");
            var d = new Diagnostic(severity, Code(suffix), ByteText.ToDisplay(message), _group.LocationOf(Math.Min(offset, _text.Length)));
            _diagnostics.Add(d);
            _entryDiagnostics.Add(d);
        }

        /// <summary>A warning printed without the map prefix (mac_parse's own).</summary>
        private void WarnBare(int suffix, string message, int offset)
        {
            _warnings.Add(message);
            var d = new Diagnostic(DiagnosticSeverity.Warning, Code(suffix), ByteText.ToDisplay(message), _group.LocationOf(Math.Min(offset, _text.Length)));
            _diagnostics.Add(d);
            _entryDiagnostics.Add(d);
        }

        private PatternTableEntry Skipped() =>
            new(PatternTableEntryKind.Skipped, _group, _entryDiagnostics);

        private static bool IsSpace(char c) => PostfixChars.IsSpace(c);

        private static bool IsAlnum(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';

        private PatternTableEntry Logical(LineGroup group)
        {
            var text = group.Text;
            var cut = text.IndexOf('\0', StringComparison.Ordinal);
            if (cut >= 0)
            {
                text = text[..cut];
            }

            var end = text.Length;
            while (end > 0 && IsSpace(text[end - 1]))
            {
                end--;
            }

            _text = text[..end];
            if (_text.Length == 0)
            {
                return Skipped();
            }

            if (!IsAlnum(_text[0]))
            {
                return MatchRule();
            }

            if (_text.Length >= 2 && string.Equals(_text[..2], "IF", StringComparison.OrdinalIgnoreCase)
                && (_text.Length == 2 || !IsAlnum(_text[2])))
            {
                return IfRule();
            }

            if (_text.Length >= 5 && string.Equals(_text[..5], "ENDIF", StringComparison.OrdinalIgnoreCase)
                && (_text.Length == 5 || !IsAlnum(_text[5])))
            {
                return EndIfRule();
            }

            Warn(16, "ignoring unrecognized request", 0);
            return Skipped();
        }

        private sealed record RawPattern(string Expression, int ExpressionOffset, char Delimiter, string Flags, bool Match, PcreFlags PcreOptions, bool Extended, bool IgnoreCase, bool Newline);

        private RawPattern? GetPattern(ref int p)
        {
            var text = _text;
            var match = true;
            while (p < text.Length && (text[p] == '!' || IsSpace(text[p])))
            {
                if (text[p] == '!')
                {
                    match = !match;
                }

                p++;
            }

            if (p >= text.Length)
            {
                Warn(1, "no regexp: skipping this rule", p);
                return null;
            }

            var delimiterOffset = p;
            var delimiter = text[p++];
            var start = p;
            while (p < text.Length)
            {
                if (text[p] == '\\')
                {
                    if (Pcre)
                    {
                        p++;
                        if (p >= text.Length)
                        {
                            break;
                        }
                    }
                    else if (p + 1 < text.Length)
                    {
                        p++;
                    }
                    else
                    {
                        // dict_regexp.c stops at a final backslash and takes it for the closing delimiter.
                        break;
                    }
                }
                else if (text[p] == delimiter)
                {
                    break;
                }

                p++;
            }

            if (p >= text.Length)
            {
                Warn(2, $"no closing regexp delimiter \"{delimiter}\": {(Pcre ? "ignoring" : "skipping")} this rule", delimiterOffset);
                return null;
            }

            var expression = text[start..p];
            p++;
            var flagsStart = p;
            var pcreOptions = PcreFlags.Caseless | PcreFlags.DotAll;
            bool extended = true, icase = true, newline = false;
            while (p < text.Length && !IsSpace(text[p]) && (Pcre || text[p] != '!'))
            {
                var f = text[p];
                if (Pcre)
                {
                    switch (f)
                    {
                        case 'i': pcreOptions ^= PcreFlags.Caseless; break;
                        case 'm': pcreOptions ^= PcreFlags.Multiline; break;
                        case 's': pcreOptions ^= PcreFlags.DotAll; break;
                        case 'x': pcreOptions ^= PcreFlags.Extended; break;
                        case 'A': pcreOptions ^= PcreFlags.Anchored; break;
                        case 'E': pcreOptions ^= PcreFlags.DollarEndOnly; break;
                        case 'U': pcreOptions ^= PcreFlags.Ungreedy; break;
                        case 'X':
                            Warn(4, $"ignoring obsolete regexp option \"{f}\"", p);
                            break;
                        default:
                            Warn(3, $"unknown regexp option \"{f}\": skipping this rule", p);
                            return null;
                    }
                }
                else
                {
                    switch (f)
                    {
                        case 'i': icase = !icase; break;
                        case 'm': newline = !newline; break;
                        case 'x': extended = !extended; break;
                        default:
                            Warn(3, $"unknown regexp option \"{f}\": skipping this rule", p);
                            return null;
                    }
                }

                p++;
            }

            return new RawPattern(expression, start, delimiter, text[flagsStart..p], match, pcreOptions, extended, icase, newline);
        }

        private static PatternTablePattern Public(RawPattern raw) =>
            new(ByteText.ToDisplay(raw.Expression), raw.Delimiter, ByteText.ToDisplay(raw.Flags), !raw.Match);

        /// <summary>Compiles one pattern; on failure warns as Postfix does and returns null.</summary>
        private CompiledPattern? Compile(RawPattern raw, out string? unsupported)
        {
            unsupported = null;
            try
            {
                if (Pcre)
                {
                    return PcrePattern.Compile(raw.Expression, raw.PcreOptions, _options.MatchTimeout);
                }

                return PosixPattern.Compile(raw.Expression, raw.Extended, raw.IgnoreCase, raw.Newline, _options.MatchTimeout, _options.SubmatchStepBudget);
            }
            catch (PosixSyntaxException e)
            {
                Warn(11, e.Message, raw.ExpressionOffset);
                return null;
            }
            catch (PcreSyntaxException e)
            {
                Warn(11, $"error in regex at offset {e.Offset.ToString(CultureInfo.InvariantCulture)}: {e.Message}", raw.ExpressionOffset + Math.Min(e.Offset, raw.Expression.Length));
                return null;
            }
            catch (UntranslatablePatternException e)
            {
                unsupported = e.Message;
                Warn(90, $"cannot translate this expression to .NET: {e.Message}", raw.ExpressionOffset, DiagnosticSeverity.Error);
                return null;
            }
        }

        private PatternTableEntry MatchRule()
        {
            var p = 0;
            var first = GetPattern(ref p);
            if (first is null)
            {
                return Skipped();
            }

            RawPattern? second = null;
            if (!Pcre && p < _text.Length && _text[p] == '!')
            {
                second = GetPattern(ref p);
                if (second is null)
                {
                    return Skipped();
                }
            }

            var patternEnd = p;
            while (p < _text.Length && IsSpace(_text[p]))
            {
                p++;
            }

            var resultOffset = p;
            var result = _text[p..];
            if (result.Length == 0)
            {
                Warn(5, "no replacement text: using empty string", p);
            }

            var template = MacroTemplate.Parse(result);
            var maxSub = 0;
            var bad = template.Failed;
            foreach (var (isReference, name) in template.Parts)
            {
                if (!isReference)
                {
                    continue;
                }

                if (!name.All(c => c is >= '0' and <= '9'))
                {
                    Warn(6, $"non-numeric replacement index \"{name}\"", resultOffset);
                    bad = true;
                    continue;
                }

                var n = ParseIndex(name);
                if (n < 1)
                {
                    Warn(7, $"{(Pcre ? "out of range" : "out-of-range")} replacement index \"{name}\"", resultOffset);
                    bad = true;
                    continue;
                }

                maxSub = Math.Max(maxSub, n);
            }

            foreach (var e in template.Errors)
            {
                WarnBare(e.StartsWith("truncated", StringComparison.Ordinal) ? 18 : 19, e, resultOffset);
            }

            if (bad)
            {
                Warn(8, "bad replacement syntax: skipping this rule", resultOffset);
                return Skipped();
            }

            if (maxSub > 0 && !first.Match)
            {
                Warn(9, "$number found in negative match replacement text: skipping this rule", resultOffset);
                return Skipped();
            }

            var firstCompiled = Compile(first, out var unsupported);
            if (firstCompiled is null && unsupported is null)
            {
                return Skipped();
            }

            if (firstCompiled is not null && maxSub > firstCompiled.GroupCount)
            {
                Warn(10, $"out of range replacement index \"{maxSub.ToString(CultureInfo.InvariantCulture)}\": skipping this rule", resultOffset);
                return Skipped();
            }

            CompiledPattern? secondCompiled = null;
            if (second is not null)
            {
                secondCompiled = Compile(second, out var unsupported2);
                if (secondCompiled is null && unsupported2 is null)
                {
                    return Skipped();
                }

                unsupported ??= unsupported2;
            }

            var literal = string.Concat(template.Parts.Select(x => x.Text));
            _rules.Add(new CompiledRule
            {
                Operation = RuleOperation.Match,
                LineNumber = _group.LineNumber,
                First = firstCompiled,
                FirstMatch = first.Match,
                Second = secondCompiled,
                SecondMatch = second?.Match ?? true,
                Literal = maxSub == 0 ? literal : string.Empty,
                Template = maxSub == 0 ? null : template,
                MaxSubstitution = maxSub,
                Unsupported = unsupported,
            });
            return new PatternTableEntry(
                PatternTableEntryKind.Rule,
                _group,
                _entryDiagnostics,
                Public(first),
                second is null ? null : Public(second),
                result,
                _text[..patternEnd],
                resultOffset);
        }

        private static int ParseIndex(string digits)
        {
            long n = 0;
            foreach (var c in digits)
            {
                n = Math.Min((n * 10) + (c - '0'), int.MaxValue);
            }

            return (int)n;
        }

        private PatternTableEntry IfRule()
        {
            var p = 2;
            while (p < _text.Length && IsSpace(_text[p]))
            {
                p++;
            }

            var pattern = GetPattern(ref p);
            if (pattern is null)
            {
                return Skipped();
            }

            while (p < _text.Length && IsSpace(_text[p]))
            {
                p++;
            }

            if (p < _text.Length)
            {
                Warn(12, $"ignoring extra text after IF statement: \"{_text[p..]}\"", p);
                Warn(13, "do not prepend whitespace to statements between IF and ENDIF", p);
            }

            var compiled = Compile(pattern, out var unsupported);
            if (compiled is null && unsupported is null)
            {
                return Skipped();
            }

            _ifStack.Add(_rules.Count);
            _rules.Add(new CompiledRule
            {
                Operation = RuleOperation.If,
                LineNumber = _group.LineNumber,
                First = compiled,
                FirstMatch = pattern.Match,
                Unsupported = unsupported,
            });
            return new PatternTableEntry(PatternTableEntryKind.If, _group, _entryDiagnostics, Public(pattern));
        }

        private PatternTableEntry EndIfRule()
        {
            var p = 5;
            if (_ifStack.Count == 0)
            {
                Warn(14, "ignoring ENDIF without matching IF", 0);
                return Skipped();
            }

            while (p < _text.Length && IsSpace(_text[p]))
            {
                p++;
            }

            if (p < _text.Length)
            {
                Warn(15, "ignoring extra text after ENDIF", p);
            }

            var ifIndex = _ifStack[^1];
            _ifStack.RemoveAt(_ifStack.Count - 1);
            _rules[ifIndex].EndIfIndex = _rules.Count;
            _rules.Add(new CompiledRule { Operation = RuleOperation.EndIf, LineNumber = _group.LineNumber });
            return new PatternTableEntry(PatternTableEntryKind.EndIf, _group, _entryDiagnostics);
        }
    }
}
