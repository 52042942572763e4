namespace Postfix.Cli.Commands;

/// <summary>
/// GNU-style option parsing for the verbs that have no Postfix counterpart: <c>--name VALUE</c>, <c>--name=VALUE</c>,
/// flags, one-letter aliases, options after operands, and <c>--</c> to end the options.
/// </summary>
internal sealed class LongOptions
{
    private readonly string _program;
    private readonly Dictionary<string, (string Name, bool TakesValue)> _known = new(StringComparer.Ordinal);

    public LongOptions(string program) => _program = program;

    /// <summary>Declares an option (<paramref name="aliases"/> like <c>-d</c>).</summary>
    public LongOptions Add(string name, bool takesValue, params string[] aliases)
    {
        _known["--" + name] = (name, takesValue);
        foreach (var alias in aliases)
        {
            _known[alias] = (name, takesValue);
        }

        return this;
    }

    /// <exception cref="UsageException">An unknown option, a missing value, or a value given to a flag.</exception>
    public (List<(string Name, string? Value)> Options, List<string> Operands) Parse(IReadOnlyList<string> args)
    {
        var options = new List<(string, string?)>();
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
                operands.Add(arg);
                continue;
            }

            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            var key = eq < 0 ? arg : arg[..eq];
            if (!_known.TryGetValue(key, out var option))
            {
                throw new UsageException($"{_program}: unknown option '{key}'");
            }

            if (!option.TakesValue)
            {
                if (eq >= 0)
                {
                    throw new UsageException($"{_program}: option '{key}' takes no value");
                }

                options.Add((option.Name, null));
                continue;
            }

            if (eq >= 0)
            {
                options.Add((option.Name, arg[(eq + 1)..]));
            }
            else if (i + 1 < args.Count)
            {
                options.Add((option.Name, args[++i]));
            }
            else
            {
                throw new UsageException($"{_program}: option '{key}' requires a value");
            }
        }

        return (options, operands);
    }
}
