using System.Text;

namespace Postfix.Config.MasterCf.Postconf;

/// <summary>
/// One master.cf entry as postconf holds it (<c>PCF_MASTER_ENT</c>): the brace-aware word list with daemon options
/// normalized (<c>pcf_parse_master_entry</c>), and postconf's printers and field/parameter editors working on it.
/// Byte text throughout.
/// </summary>
internal sealed class PcfEntry
{
    public const int MinFields = 8;
    public const int FieldCommand = 7;
    public const int LineLimit = 80;
    public const int IndentLength = 4;
    public const string Indent = "    ";

    /// <summary>postconf's field names, at their field index.</summary>
    public static readonly string[] FieldNames =
        ["service", "type", "private", "unprivileged", "chroot", "wakeup", "process_limit", "command"];

    private static readonly int[] ColumnGoal = [0, 11, 17, 25, 33, 41, 49, 57];
    private static readonly string[] ValidTypes = ["unix", "fifo", "inet", "pass", "unix-dgram"];

    private PcfEntry(List<string> argv) => Argv = argv;

    public List<string> Argv { get; }

    public string Name => Argv[0];

    public string Type => Argv[1];

    /// <summary>
    /// <c>pcf_parse_master_entry</c>: splits, checks (fatal on a bad field) and normalizes. Returns null with
    /// <paramref name="error"/> = "bad field count" when there are fewer than eight fields.
    /// </summary>
    public static PcfEntry? Parse(string buffer, List<string> warnings, out string? error)
    {
        buffer = PcfText.UpToNul(buffer);
        var argv = PcfText.SplitQuoted(buffer).Select(t => buffer.Substring(t.Start, t.Length)).ToList();
        if (argv.Count < MinFields)
        {
            error = "bad field count";
            return null;
        }

        error = null;
        Check(argv, buffer);
        NormalizeDaemonArgs(argv, warnings);
        return new PcfEntry(argv);
    }

    /// <summary>Whether a daemon option takes a value: <c>strchr("o", arg[1])</c>, which is also true for a lone <c>-</c>.</summary>
    public static bool ExpectsValue(string arg) => arg.Length < 2 || arg[1] == 'o';

    /// <summary>Whether an argument ends the daemon options (a non-option, or <c>--</c>).</summary>
    public static bool EndsOptions(string arg) => arg.Length == 0 || arg[0] != '-' || arg == "--";

    /// <summary>The <c>-o</c> parameters as postconf's per-service dictionary sees them (last one wins).</summary>
    public Dictionary<string, string> Parameters()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in ParameterList())
        {
            result[name] = value;
        }

        return result;
    }

    /// <summary>The <c>-o</c> parameters in order, duplicates included.</summary>
    public List<(string Name, string Value)> ParameterList()
    {
        var result = new List<(string, string)>();
        for (var field = MinFields; field < Argv.Count; field++)
        {
            var arg = Argv[field];
            if (EndsOptions(arg))
            {
                break;
            }

            if (!ExpectsValue(arg) || field + 1 >= Argv.Count)
            {
                continue;
            }

            if (arg == "-o" && PcfText.SplitNameValue(Argv[field + 1], out var name, out var value) is null)
            {
                result.Add((name, value));
            }

            field++;
        }

        return result;
    }

    /// <summary>
    /// <c>pcf_print_master_entry</c>: the eight fields at column goals 0/11/17/25/33/41/49/57, then the arguments;
    /// with <paramref name="fold"/>, each <c>-o</c> pair on its own line and other words wrapped at 80 columns.
    /// </summary>
    /// <param name="output">Where the text goes.</param>
    /// <param name="fold">Fold long lines (always on when postconf edits).</param>
    /// <param name="expandOption">Expands <c>-o</c> values (<c>-x</c>), or null.</param>
    /// <param name="preserveArguments">
    /// Our deviation for files we write: an empty argument is written as <c>{}</c> and any argument that holds a
    /// blank or starts with <c>{</c> is written in braces, so re-reading the file gives the same arguments.
    /// postconf writes empty arguments as nothing and drops the braces of the first non-option argument.
    /// </param>
    public void Print(StringBuilder output, bool fold, Func<string, string>? expandOption = null, bool preserveArguments = false)
    {
        var lineLength = 0;
        int field;
        for (field = 0; field < MinFields; field++)
        {
            var arg = Argv[field];
            if (lineLength > 0)
            {
                do
                {
                    output.Append(' ');
                    lineLength++;
                }
                while (lineLength < ColumnGoal[field]);
            }

            output.Append(arg);
            lineLength += arg.Length;
        }

        PrintArguments(output, field, lineLength, fold, extraForValue: 3, expandOption, preserveArguments);
        output.Append('\n');
    }

    /// <summary><c>pcf_print_master_field</c>: <c>name/type/field = value</c> (or parts of it).</summary>
    public void PrintField(StringBuilder output, int field, bool fold, bool hideName, bool hideValue, Func<string, string>? expandOption = null)
    {
        var lineLength = 0;
        if (!hideName)
        {
            var prefix = Argv[0] + "/" + Argv[1] + "/" + FieldNames[field];
            output.Append(prefix);
            lineLength += prefix.Length;
        }

        if (!hideName && !hideValue)
        {
            output.Append(" = ");
            lineLength += 3;
        }

        if (!hideValue)
        {
            if (lineLength > 0 && lineLength + Argv[field].Length > LineLimit)
            {
                output.Append('\n').Append(Indent);
                lineLength = IndentLength;
            }

            output.Append(Argv[field]);
            lineLength += Argv[field].Length;
        }

        if (field == FieldCommand && !hideValue)
        {
            PrintArguments(output, field + 1, lineLength, fold, extraForValue: 1, expandOption, preserveArguments: false);
        }

        output.Append('\n');
    }

    /// <summary><c>pcf_edit_master_field</c>: replace one field, or the command with its arguments.</summary>
    public void EditField(int field, string newValue, List<string> warnings)
    {
        if (field == FieldCommand)
        {
            Argv.RemoveRange(FieldCommand, Argv.Count - FieldCommand);
            newValue = PcfText.UpToNul(newValue);
            Argv.AddRange(PcfText.SplitQuoted(newValue).Select(t => newValue.Substring(t.Start, t.Length)));
            NormalizeDaemonArgs(Argv, warnings);
        }
        else
        {
            Argv[field] = newValue;
        }

        if (Argv.Count <= FieldCommand)
        {
            // "-Fe name/type/command=" leaves no command; postconf would read past its array here.
            throw new PostconfFatalException("invalid command field \"\" in \"" + newValue + "\"");
        }

        Check(Argv, newValue);
    }

    /// <summary><c>pcf_edit_master_param</c>: update every matching <c>-o name=</c>, delete them, or insert one.</summary>
    public void EditParameter(string name, string? value, bool remove)
    {
        var matched = false;
        int field;
        for (field = MinFields; field < Argv.Count; field++)
        {
            var arg = Argv[field];
            if (EndsOptions(arg))
            {
                break;
            }

            if (ExpectsValue(arg) && field + 1 < Argv.Count)
            {
                var optionValue = Argv[field + 1];
                if (arg == "-o" && optionValue.Length > name.Length && optionValue.StartsWith(name, StringComparison.Ordinal)
                    && optionValue[name.Length] == '=')
                {
                    matched = true;
                    if (remove)
                    {
                        Argv.RemoveRange(field, 2);
                        field -= 2;
                    }
                    else
                    {
                        Argv[field + 1] = name + "=" + value;
                    }
                }

                field++;
            }
        }

        if (!remove && !matched)
        {
            Argv.Insert(field, "-o");
            Argv.Insert(field + 1, name + "=" + value);
        }
    }

    private static void Check(List<string> argv, string rawText)
    {
        var raw = rawText.Replace('\n', ' ');
        if (!ValidTypes.Contains(argv[1], StringComparer.Ordinal))
        {
            throw new PostconfFatalException("invalid type field \"" + argv[1] + "\" in \"" + raw + "\"");
        }

        for (var field = 2; field <= 4; field++)
        {
            var cp = argv[field];
            if (cp.Length != 1 || cp[0] is not ('y' or 'n' or '-'))
            {
                throw new PostconfFatalException("invalid " + FieldNames[field] + " field \"" + cp + "\" in \"" + raw + "\"");
            }
        }

        var wakeup = argv[5];
        var len = wakeup.Length;
        if (len > 0 && wakeup[len - 1] == '?')
        {
            len--;
        }

        if (!(wakeup.Length > 0 && wakeup[0] == '-' && len == 1) && DigitSpan(wakeup) != len)
        {
            throw new PostconfFatalException("invalid wakeup field \"" + wakeup + "\" in \"" + raw + "\"");
        }

        var maxproc = argv[6];
        if (maxproc != "-" && DigitSpan(maxproc) != maxproc.Length)
        {
            throw new PostconfFatalException("invalid process_limit field \"" + maxproc + "\" in \"" + raw + "\"");
        }
    }

    private static int DigitSpan(string s)
    {
        var n = 0;
        while (n < s.Length && s[n] is >= '0' and <= '9')
        {
            n++;
        }

        return n;
    }

    /// <summary><c>pcf_normalize_daemon_args</c>, including its quirks (every <c>o</c> after the first letter splits a word).</summary>
    private static void NormalizeDaemonArgs(List<string> argv, List<string> warnings)
    {
        int field;
        for (field = MinFields; field < argv.Count; field++)
        {
            var arg = argv[field];
            if (EndsOptions(arg))
            {
                break;
            }

            for (var cp = 1; cp < arg.Length; cp++)
            {
                if (arg[cp] == 'o' && cp > 1)
                {
                    argv.Insert(field + 1, "-" + arg[cp..]);
                    arg = arg[..cp];
                    argv[field] = arg;
                    break;
                }
            }

            if (!ExpectsValue(arg))
            {
                continue;
            }

            bool extract;
            if (arg.Length > 2)
            {
                argv.Insert(field + 1, arg[2..]);
                argv[field] = arg[..2];
                field++;
                extract = argv[field].StartsWith('{');
            }
            else if (field + 1 < argv.Count)
            {
                field++;
                extract = argv[field].StartsWith('{');
            }
            else
            {
                extract = false;
            }

            if (extract)
            {
                ExtractField(argv, field, warnings);
                if (argv[field - 1].Length > 1 && argv[field - 1][1] == 'o')
                {
                    NormalizeNameValue(argv, field, warnings);
                }
            }
        }

        for (; field < argv.Count; field++)
        {
            if (argv[field].StartsWith('{'))
            {
                ExtractField(argv, field, warnings);
            }
        }
    }

    private static void ExtractField(List<string> argv, int field, List<string> warnings)
    {
        argv[field] = PcfText.ExtractBraced(argv[field], out var error, out _, out _);
        if (error is not null)
        {
            warnings.Add("master.cf: " + error);
        }
    }

    private static void NormalizeNameValue(List<string> argv, int field, List<string> warnings)
    {
        var arg = argv[field];
        var error = PcfText.SplitNameValue(arg, out var name, out var value);
        if (error is not null)
        {
            warnings.Add("master.cf: " + error + ": \"" + arg + "\"");
        }
        else
        {
            argv[field] = name + "=" + value;
        }
    }

    private static bool NeedsBraces(string arg, bool preserveArguments) =>
        PcfText.HasBlank(arg) || (preserveArguments && (arg.Length == 0 || arg[0] == '{'));

    private void PrintArguments(
        StringBuilder output, int field, int lineLength, bool fold, int extraForValue, Func<string, string>? expandOption, bool preserveArguments)
    {
        var inDaemonOptions = true;
        for (; field < Argv.Count; field++)
        {
            var arg = Argv[field];
            var argLength = arg.Length;
            string? optionValue = null;
            var needParens = false;
            if (inDaemonOptions)
            {
                if (EndsOptions(arg))
                {
                    inDaemonOptions = false;
                    needParens = preserveArguments && NeedsBraces(arg, preserveArguments);
                }
                else if (ExpectsValue(arg) && field + 1 < Argv.Count)
                {
                    optionValue = Argv[field + 1];
                    lineLength = LineLimit;
                    if (arg == "-o" && expandOption is not null)
                    {
                        optionValue = expandOption(optionValue);
                    }

                    argLength += optionValue.Length + extraForValue;
                    needParens = NeedsBraces(optionValue, preserveArguments);
                    if (needParens)
                    {
                        argLength += 2;
                    }
                }
            }
            else
            {
                needParens = NeedsBraces(arg, preserveArguments);
            }

            // postconf does not count the braces of a non-option argument when it decides where to fold.
            if (lineLength > IndentLength)
            {
                if (!fold || lineLength + 1 + argLength < LineLimit)
                {
                    output.Append(' ');
                    lineLength++;
                }
                else
                {
                    output.Append('\n').Append(Indent);
                    lineLength = IndentLength;
                }
            }

            var braces = !inDaemonOptions && needParens;
            if (braces)
            {
                output.Append('{');
                lineLength++;
            }

            output.Append(arg);
            lineLength += arg.Length;
            if (braces)
            {
                output.Append('}');
                lineLength++;
            }

            if (optionValue is not null)
            {
                output.Append(' ');
                if (needParens)
                {
                    output.Append('{');
                }

                output.Append(optionValue);
                if (needParens)
                {
                    output.Append('}');
                }

                field++;
                lineLength = LineLimit;
            }
        }
    }
}
