using System.Globalization;
using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// Turns a <see cref="SourceText"/> into main.cf entries with Postfix's rules: <c>readllines()</c> grouping (through
/// <see cref="LogicalLineReader"/>), then <c>split_nameval()</c> on each logical line as <c>dict_load_fp()</c> does.
/// </summary>
internal static class MainCfParser
{
    public static (List<MainCfEntry> Entries, List<Diagnostic> Diagnostics, Dictionary<Diagnostic, string> RawMessages) Parse(SourceText source)
    {
        var entries = new List<MainCfEntry>();
        var diagnostics = new List<Diagnostic>();
        var rawMessages = new Dictionary<Diagnostic, string>(ReferenceEqualityComparer.Instance);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = source.Text;
        foreach (var group in LogicalLineReader.Read(source))
        {
            var raw = text.Substring(group.Start, group.End - group.Start);
            var lineCount = group.LastLine - group.FirstLine + 1;
            switch (group.Kind)
            {
                case LineGroupKind.Blank:
                    entries.Add(new MainCfBlank(raw, group.LineNumber, EntryLocation(source, group)));
                    break;
                case LineGroupKind.Comment:
                    entries.Add(new MainCfComment(raw, group.LineNumber, EntryLocation(source, group)));
                    break;
                case LineGroupKind.Orphan:
                {
                    var logical = group.Text;
                    var shown = CString(logical);
                    var message = string.Create(
                        CultureInfo.InvariantCulture,
                        $"logical line must not start with whitespace: \"{Clip(shown, 30)}{(logical.Length > 30 ? "..." : string.Empty)}\"");
                    var diagnostic = new Diagnostic(
                        DiagnosticSeverity.Warning,
                        MainCfDiagnosticCodes.LeadingWhitespace,
                        ByteText.ToDisplay(message),
                        source.LocationOf(group.Start));
                    diagnostics.Add(diagnostic);
                    rawMessages[diagnostic] = message;
                    entries.Add(new MainCfUnparsed(raw, group.LineNumber, lineCount, EntryLocation(source, group), diagnostic));
                    break;
                }

                default:
                    entries.Add(ParseLogical(source, group, raw, lineCount, seen, diagnostics, rawMessages));
                    break;
            }
        }

        return (entries, diagnostics, rawMessages);
    }

    private static MainCfEntry ParseLogical(
        SourceText source,
        LineGroup group,
        string raw,
        int lineCount,
        Dictionary<string, string> seen,
        List<Diagnostic> diagnostics,
        Dictionary<Diagnostic, string> rawMessages)
    {
        var logical = group.Text;
        var nul = logical.IndexOf('\0', StringComparison.Ordinal);
        var cstr = nul >= 0 ? logical[..nul] : logical;
        if (nul >= 0)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticSeverity.Warning,
                MainCfDiagnosticCodes.NullByte,
                "text after a null byte is ignored",
                group.LocationOf(nul)));
        }

        // split_nameval(): skip blanks, name = run of non-blank non-'=', blanks, '=', value trimmed.
        var np = 0;
        while (np < cstr.Length && PostfixChars.IsSpace(cstr[np]))
        {
            np++;
        }

        if (np == cstr.Length || cstr[np] == '=')
        {
            return Unparsed(
                source,
                group,
                raw,
                lineCount,
                diagnostics,
                rawMessages,
                MainCfDiagnosticCodes.MissingName,
                $"missing attribute name: \"{cstr}\"",
                group.LocationOf(np));
        }

        var ep = np;
        while (ep < cstr.Length && !PostfixChars.IsSpace(cstr[ep]) && cstr[ep] != '=')
        {
            ep++;
        }

        var eq = ep;
        while (eq < cstr.Length && PostfixChars.IsSpace(cstr[eq]))
        {
            eq++;
        }

        if (eq == cstr.Length || cstr[eq] != '=')
        {
            return Unparsed(
                source,
                group,
                raw,
                lineCount,
                diagnostics,
                rawMessages,
                MainCfDiagnosticCodes.MissingEquals,
                $"missing '=' after attribute name: \"{cstr}\"",
                After(group.LocationOf(ep - 1)));
        }

        var vs = eq + 1;
        while (vs < cstr.Length && PostfixChars.IsSpace(cstr[vs]))
        {
            vs++;
        }

        var ve = cstr.Length;
        while (ve > vs && PostfixChars.IsSpace(cstr[ve - 1]))
        {
            ve--;
        }

        var name = cstr[np..ep];
        var value = cstr[vs..ve];
        if (seen.TryGetValue(name, out var old) && !string.Equals(old, value, StringComparison.Ordinal))
        {
            var message = $"overriding earlier entry: {name}={old}";
            var diagnostic = new Diagnostic(
                DiagnosticSeverity.Warning,
                MainCfDiagnosticCodes.OverridingEntry,
                ByteText.ToDisplay(message),
                source.LocationOf(group.Start));
            diagnostics.Add(diagnostic);
            rawMessages[diagnostic] = message;
        }

        seen[name] = value;
        var map = new OffsetMap(source, group);
        var nameStart = map.ToRaw(np);
        var equals = map.ToRaw(eq);
        var valueStart = map.ToRaw(vs);
        var valueEnd = ve > vs ? map.ToRaw(ve - 1) + 1 : valueStart;
        return new MainCfParameter(
            raw,
            group.LineNumber,
            lineCount,
            name,
            value,
            new MainCfSpan(nameStart, ep - np),
            new MainCfSpan(equals, 1),
            new MainCfSpan(valueStart, valueEnd - valueStart),
            EntryLocation(source, group),
            group.LocationOf(np),
            group.LocationOf(eq),
            group.LocationOf(vs));
    }

    private static MainCfUnparsed Unparsed(
        SourceText source,
        LineGroup group,
        string raw,
        int lineCount,
        List<Diagnostic> diagnostics,
        Dictionary<Diagnostic, string> rawMessages,
        string code,
        string message,
        SourceLocation location)
    {
        var diagnostic = new Diagnostic(DiagnosticSeverity.Error, code, ByteText.ToDisplay(message), location);
        diagnostics.Add(diagnostic);
        rawMessages[diagnostic] = message;
        return new MainCfUnparsed(raw, group.LineNumber, lineCount, EntryLocation(source, group), diagnostic);
    }

    private static SourceLocation EntryLocation(SourceText source, LineGroup group) =>
        source.LocationOf(group.Start, group.End - group.Start);

    /// <summary>The text up to its first NUL, as a C string would be.</summary>
    internal static string CString(string s)
    {
        var nul = s.IndexOf('\0', StringComparison.Ordinal);
        return nul >= 0 ? s[..nul] : s;
    }

    private static SourceLocation After(SourceLocation location) => location with { Column = location.Column + 1 };

    private static string Clip(string s, int max) => s.Length > max ? s[..max] : s;

    /// <summary>Maps offsets in a group's joined logical text to offsets in the group's raw bytes.</summary>
    private readonly struct OffsetMap
    {
        private readonly int[] _logicalStarts;
        private readonly int[] _rawStarts;

        public OffsetMap(SourceText source, LineGroup group)
        {
            var lines = group.ContentLines();
            _logicalStarts = new int[lines.Count];
            _rawStarts = new int[lines.Count];
            var pos = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                var line = source.Lines[lines[i]];
                _logicalStarts[i] = pos;
                _rawStarts[i] = line.Start - group.Start;
                pos += line.Length;
            }
        }

        public int ToRaw(int logical)
        {
            var k = 0;
            for (var i = 1; i < _logicalStarts.Length; i++)
            {
                if (_logicalStarts[i] <= logical)
                {
                    k = i;
                }
            }

            return _rawStarts[k] + (logical - _logicalStarts[k]);
        }
    }
}
