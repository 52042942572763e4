namespace Postfix.Cli;

/// <summary>
/// A POSIX/glibc-style <c>getopt()</c>, so verbs that mirror Postfix programs take the same flags the same way:
/// bundled flags (<c>-nf</c>, <c>-Me</c>), an option argument glued or separate (<c>-cDIR</c>, <c>-c DIR</c>), <c>--</c>
/// ending the options, and (as glibc does) options after operands.
/// </summary>
internal sealed class Getopt
{
    private readonly string _optstring;
    private readonly bool _stopAtFirstOperand;

    /// <param name="optstring">Letters of the flags; a letter followed by <c>:</c> takes an argument.</param>
    /// <param name="stopAtFirstOperand">
    /// Stop at the first operand, as glibc does for an optstring that starts with <c>+</c> (Postfix programs on Linux):
    /// everything from the first operand on is an operand, even when it starts with <c>-</c>.
    /// </param>
    public Getopt(string optstring, bool stopAtFirstOperand = false)
    {
        _optstring = optstring;
        _stopAtFirstOperand = stopAtFirstOperand;
    }

    /// <summary>Parses <paramref name="args"/> into options (in order) and operands.</summary>
    /// <exception cref="UsageException">An unknown flag or a missing option argument.</exception>
    public (List<(char Flag, string? Value)> Options, List<string> Operands) Parse(IReadOnlyList<string> args, string program)
    {
        var options = new List<(char, string?)>();
        var operands = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                if (_stopAtFirstOperand)
                {
                    operands.AddRange(args.Skip(i));
                    break;
                }

                operands.Add(arg);
                continue;
            }

            for (var j = 1; j < arg.Length; j++)
            {
                var flag = arg[j];
                var at = flag == ':' ? -1 : _optstring.IndexOf(flag, StringComparison.Ordinal);
                if (at < 0)
                {
                    throw new UsageException($"{program}: invalid option -- '{flag}'");
                }

                if (at + 1 < _optstring.Length && _optstring[at + 1] == ':')
                {
                    string value;
                    if (j + 1 < arg.Length)
                    {
                        value = arg[(j + 1)..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        throw new UsageException($"{program}: option requires an argument -- '{flag}'");
                    }

                    options.Add((flag, value));
                    break;
                }

                options.Add((flag, null));
            }
        }

        return (options, operands);
    }
}
