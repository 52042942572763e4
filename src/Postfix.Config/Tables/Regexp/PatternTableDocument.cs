using System.Globalization;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// A regexp: or pcre: table source, kept byte for byte (<see cref="ToArray"/> gives back exactly the input), with
/// every entry classified and every warning Postfix gives when it loads the file (<c>dict_regexp.c</c>,
/// <c>dict_pcre.c</c>), in Postfix's words, with line and column.
/// </summary>
public sealed class PatternTableDocument
{
    private readonly List<string> _postfixWarnings;

    private PatternTableDocument(
        SourceText source,
        PatternTableDialect dialect,
        IReadOnlyList<PatternTableEntry> entries,
        IReadOnlyList<Diagnostic> diagnostics,
        List<string> postfixWarnings,
        IReadOnlyList<CompiledRule> rules)
    {
        Source = source;
        Dialect = dialect;
        Entries = entries;
        Diagnostics = diagnostics;
        _postfixWarnings = postfixWarnings;
        Rules = rules;
    }

    /// <summary>The source the document was parsed from.</summary>
    public SourceText Source { get; }

    /// <summary>Whether the file is read as a regexp: or a pcre: table.</summary>
    public PatternTableDialect Dialect { get; }

    /// <summary>Every entry, in order; together they cover every byte of the source.</summary>
    public IReadOnlyList<PatternTableEntry> Entries { get; }

    /// <summary>Every warning, in the order Postfix prints them.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>
    /// The warnings exactly as <c>postmap</c> prints them after <c>postmap: warning: </c>, in order
    /// (for example <c>regexp map /etc/postfix/x, line 3: Unmatched ( or \(</c>).
    /// </summary>
    public IReadOnlyList<string> PostfixWarnings => _postfixWarnings;

    internal IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Parses and compiles a table source the way Postfix loads it.</summary>
    /// <param name="source">The file's bytes.</param>
    /// <param name="dialect">regexp: or pcre:.</param>
    /// <param name="options">Limits for the compiled expressions (default: <see cref="PatternTableOptions.Default"/>).</param>
    public static PatternTableDocument Parse(SourceText source, PatternTableDialect dialect, PatternTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var builder = new Builder(source, dialect, options ?? PatternTableOptions.Default);
        return builder.Build();
    }

    /// <summary>Parses text (encoded as UTF-8) as a table source named <paramref name="name"/>.</summary>
    /// <param name="text">The table text.</param>
    /// <param name="name">The name used in warnings (Postfix prints the map name as given).</param>
    /// <param name="dialect">regexp: or pcre:.</param>
    public static PatternTableDocument ParseText(string text, string name, PatternTableDialect dialect) =>
        Parse(SourceText.FromString(text, name), dialect, null);

    /// <summary>The exact bytes of the document.</summary>
    public byte[] ToArray() => Source.ToArray();

    /// <summary>
    /// A new document with <paramref name="line"/> added at the end (a line feed is added first when the file does not
    /// end with one, and after the line). Every existing byte is kept.
    /// </summary>
    /// <param name="line">One logical line, for example from <see cref="HeaderCheckRule.ToLine"/>.</param>
    /// <param name="options">Limits for the compiled expressions.</param>
    public PatternTableDocument WithLineAppended(string line, PatternTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        var bytes = new List<byte>(Source.ToArray());
        if (bytes.Count > 0 && bytes[^1] != (byte)'\n')
        {
            bytes.Add((byte)'\n');
        }

        bytes.AddRange(ByteText.ToBytes(ByteText.FromDisplay(line)));
        bytes.Add((byte)'\n');
        return Parse(SourceText.FromBytes(bytes.ToArray(), Source.Name), Dialect, options);
    }

    private sealed class Builder
    {
        private readonly SourceText _source;
        private readonly PatternTableDialect _dialect;
        private readonly PatternTableOptions _options;
        private readonly List<PatternTableEntry> _entries = [];
        private readonly List<Diagnostic> _diagnostics = [];
        private readonly List<string> _warnings = [];
        private readonly List<CompiledRule> _rules = [];
        private readonly List<int> _ifStack = [];
        private List<Diagnostic> _entryDiagnostics = [];
        private LineGroup _group = null!;
        private string _text = string.Empty;

        public Builder(SourceText source, PatternTableDialect dialect, PatternTableOptions options)
        {
            _source = source;
            _dialect = dialect;
            _options = options;
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

            return new PatternTableDocument(_source, _dialect, _entries, _diagnostics, _warnings, _rules);
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
                ByteText.ToDisplay(result));
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
