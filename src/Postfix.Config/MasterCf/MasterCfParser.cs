using Postfix.Config.MasterCf.Postconf;
using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>Reads one logical line of master.cf the way the master daemon does (<c>get_master_ent</c>), with spans.</summary>
internal static class MasterCfParser
{
    private static readonly string[] FieldNames = ["service", "transport type", "private", "unprivileged", "chroot", "wakeup_time", "max_proc", "command"];
    private static readonly string[] Types = ["inet", "unix", "unix-dgram", "fifo", "pass"];

    /// <summary>The daemon getopt letters that take a value (<c>cdDi:lm:n:o:r:s:St:uvVz</c>).</summary>
    private const string ValueLetters = "imnorst";

    public static MasterCfEntry Parse(LineGroup group, List<Diagnostic> diagnostics)
    {
        switch (group.Kind)
        {
            case LineGroupKind.Blank:
                return new MasterCfEntry(MasterCfEntryKind.Blank, group, null);
            case LineGroupKind.Comment:
                return new MasterCfEntry(MasterCfEntryKind.Comment, group, null);
            case LineGroupKind.Orphan:
                var orphan = PcfText.UpToNul(group.Text);
                diagnostics.Add(new Diagnostic(
                    DiagnosticSeverity.Warning,
                    MasterCfDiagnosticCodes.OrphanContinuation,
                    "logical line must not start with whitespace: \"" + Display(orphan.Length > 30 ? orphan[..30] : orphan)
                        + (group.Text.Length > 30 ? "..." : string.Empty) + "\"",
                    group.LocationOf(0)));
                return new MasterCfEntry(MasterCfEntryKind.Unparsed, group, null);
        }

        var map = new OffsetMap(group);
        var full = group.Text;
        var text = PcfText.UpToNul(full);
        if (text.Length != full.Length)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticSeverity.Warning,
                MasterCfDiagnosticCodes.NulByte,
                "text after null byte may be ignored",
                group.LocationOf(text.Length)));
        }

        var words = PcfText.Split(text, 0, 8);
        if (words.Count < 8)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticSeverity.Error,
                MasterCfDiagnosticCodes.MissingField,
                "missing \"" + FieldNames[words.Count] + "\" field",
                group.LocationOf(text.Length)));
            return new MasterCfEntry(MasterCfEntryKind.Unparsed, group, null);
        }

        var fields = words.Select(w => map.Token(text.Substring(w.Start, w.Length), w.Start, w.Length)).ToList();
        CheckFields(fields, text, diagnostics);
        var afterCommand = words[7].Start + words[7].Length;
        var arguments = new List<MasterCfArgument>();
        foreach (var (start, length) in PcfText.SplitQuoted(text, afterCommand))
        {
            var raw = text.Substring(start, length);
            var token = map.Token(raw, start, length);
            if (raw[0] == '{')
            {
                var value = PcfText.ExtractBraced(raw, out var error, out _, out _);
                if (error is not null)
                {
                    var code = error.StartsWith("missing", StringComparison.Ordinal)
                        ? MasterCfDiagnosticCodes.MissingBrace
                        : MasterCfDiagnosticCodes.TextAfterBrace;
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, code, Display(error), token.Location));
                }

                arguments.Add(new MasterCfArgument(token, value, isBraced: true));
            }
            else
            {
                arguments.Add(new MasterCfArgument(token, raw, isBraced: false));
            }
        }

        var options = ReadOptions(arguments, diagnostics);
        return new MasterCfEntry(MasterCfEntryKind.Service, group, new MasterCfService(group, fields, arguments, options));
    }

    private static List<MasterCfOption> ReadOptions(List<MasterCfArgument> arguments, List<Diagnostic> diagnostics)
    {
        var options = new List<MasterCfOption>();
        for (var k = 0; k < arguments.Count; k++)
        {
            var a = arguments[k].RawValue;
            if (a == "--" || a.Length < 2 || a[0] != '-')
            {
                break;
            }

            for (var j = 1; j < a.Length; j++)
            {
                var letter = a[j];
                if (!ValueLetters.Contains(letter, StringComparison.Ordinal))
                {
                    continue;
                }

                string value;
                MasterCfArgument holder;
                var glued = j + 1 < a.Length;
                if (glued)
                {
                    value = a[(j + 1)..];
                    holder = arguments[k];
                }
                else if (k + 1 < arguments.Count)
                {
                    k++;
                    holder = arguments[k];
                    value = holder.RawValue;
                }
                else
                {
                    break;
                }

                if (letter == 'o')
                {
                    var error = PcfText.SplitNameValue(value, out var name, out var optionValue);
                    if (error is not null)
                    {
                        diagnostics.Add(new Diagnostic(
                            DiagnosticSeverity.Error,
                            MasterCfDiagnosticCodes.BadOptionValue,
                            Display("invalid \"-o " + value + "\" option value: " + error),
                            holder.Token.Location));
                    }
                    else
                    {
                        options.Add(new MasterCfOption(arguments[glued ? k : k - 1].Token, holder.Token, name, optionValue, holder.IsBraced && !glued, glued));
                    }
                }

                break;
            }
        }

        return options;
    }

    private static void CheckFields(List<MasterCfToken> fields, string text, List<Diagnostic> diagnostics)
    {
        void Error(string code, string message, MasterCfToken at) =>
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, code, Display(message), at.Location));

        var type = fields[1].RawText;
        if (type == "-")
        {
            Error(MasterCfDiagnosticCodes.NoDefault, "field \"transport type\" has no default value", fields[1]);
        }
        else if (!Types.Contains(type, StringComparer.Ordinal))
        {
            Error(MasterCfDiagnosticCodes.BadType, "bad transport type: " + type, fields[1]);
        }
        else if (type == "inet")
        {
            var name = fields[0].RawText;
            if (InetServiceName.TrySplit(name, out _, out _) is { } error)
            {
                Error(MasterCfDiagnosticCodes.BadInetName, error + " in \"" + name + "\"", fields[0]);
            }
        }

        for (var f = 2; f <= 4; f++)
        {
            var value = fields[f].RawText;
            if (value is not ("y" or "n" or "-"))
            {
                Error(MasterCfDiagnosticCodes.BadBoolean, "field \"" + FieldNames[f] + "\": bad value: \"" + value + "\"", fields[f]);
            }
        }

        if (type == "inet" && fields[2].RawText is "y" or "-")
        {
            Error(MasterCfDiagnosticCodes.PrivateInet, "inet service cannot be private", fields[2]);
        }

        CheckNumber(fields[5], FieldNames[5], "wakeup", allowQuestionMark: true, text, diagnostics);
        CheckNumber(fields[6], FieldNames[6], "process_limit", allowQuestionMark: false, text, diagnostics);
        if (fields[7].RawText == "-")
        {
            Error(MasterCfDiagnosticCodes.NoDefault, "field \"command\" has no default value", fields[7]);
        }
    }

    private static void CheckNumber(MasterCfToken token, string daemonName, string postconfName, bool allowQuestionMark, string text, List<Diagnostic> diagnostics)
    {
        var value = token.RawText;
        if (value == "-")
        {
            return;
        }

        if (value[0] is < '0' or > '9')
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticSeverity.Error,
                MasterCfDiagnosticCodes.BadNumber,
                Display("field \"" + daemonName + "\": bad value: \"" + value + "\""),
                token.Location));
            return;
        }

        var digits = value.TakeWhile(c => c is >= '0' and <= '9').Count();
        var rest = value.Length - digits;
        if (rest == 0 || (allowQuestionMark && rest == 1 && value[^1] == '?'))
        {
            return;
        }

        diagnostics.Add(new Diagnostic(
            DiagnosticSeverity.Error,
            MasterCfDiagnosticCodes.PostconfBadNumber,
            Display("invalid " + postconfName + " field \"" + value + "\" in \"" + text + "\""),
            token.Location));
    }

    private static string Display(string byteText) => ByteText.ToDisplay(byteText);

    /// <summary>Maps offsets in a group's joined logical text back to byte offsets in the source.</summary>
    private sealed class OffsetMap
    {
        private readonly LineGroup _group;
        private readonly List<(int Logical, int Source, int Length)> _segments = [];

        public OffsetMap(LineGroup group)
        {
            _group = group;
            var logical = 0;
            foreach (var index in group.ContentLines())
            {
                var line = group.Source.Lines[index];
                _segments.Add((logical, line.Start, line.Length));
                logical += line.Length;
            }
        }

        public MasterCfToken Token(string raw, int logicalStart, int length)
        {
            var start = Map(logicalStart);
            var end = Map(logicalStart + length - 1) + 1;
            return new MasterCfToken(raw, start, end - start, _group.LocationOf(logicalStart));
        }

        private int Map(int logical)
        {
            var k = 0;
            for (var i = 0; i < _segments.Count; i++)
            {
                if (_segments[i].Logical <= logical && _segments[i].Length > 0)
                {
                    k = i;
                }
            }

            return _segments[k].Source + (logical - _segments[k].Logical);
        }
    }
}
