using System.Text;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// A replacement text split the way Postfix's <c>mac_parse()</c> splits it: literal text (with <c>$$</c> already made
/// <c>$</c>) and <c>$name</c>, <c>${name}</c>, <c>$(name)</c> references.
/// </summary>
internal sealed class MacroTemplate
{
    private MacroTemplate(IReadOnlyList<(bool IsReference, string Text)> parts, IReadOnlyList<string> errors, bool failed)
    {
        Parts = parts;
        Errors = errors;
        Failed = failed;
    }

    /// <summary>The parts in order; a reference holds the name between the brackets.</summary>
    public IReadOnlyList<(bool IsReference, string Text)> Parts { get; }

    /// <summary>mac_parse's own warnings ("truncated macro reference", "empty macro name").</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Whether mac_parse stopped with an error.</summary>
    public bool Failed { get; }

    public static MacroTemplate Parse(string value)
    {
        var parts = new List<(bool, string)>();
        var errors = new List<string>();
        var buf = new StringBuilder();
        var failed = false;
        var vp = 0;
        while (vp < value.Length)
        {
            if (value[vp] != '$')
            {
                buf.Append(value[vp]);
                vp++;
            }
            else if (vp + 1 < value.Length && value[vp + 1] == '$')
            {
                buf.Append('$');
                vp += 2;
            }
            else
            {
                if (buf.Length > 0)
                {
                    parts.Add((false, buf.ToString()));
                    buf.Clear();
                }

                vp++;
                if (vp < value.Length && value[vp] is '(' or '{')
                {
                    var open = value[vp];
                    var close = open == '(' ? ')' : '}';
                    var level = 1;
                    vp++;
                    var ep = vp;
                    for (; level > 0; ep++)
                    {
                        if (ep >= value.Length)
                        {
                            errors.Add($"truncated macro reference: \"{value}\"");
                            failed = true;
                            break;
                        }

                        if (value[ep] == open)
                        {
                            level++;
                        }

                        if (value[ep] == close)
                        {
                            level--;
                        }
                    }

                    if (failed)
                    {
                        break;
                    }

                    buf.Append(value, vp, ep - vp - 1);
                    vp = ep;
                }
                else
                {
                    var ep = vp;
                    while (ep < value.Length && (IsAlnum(value[ep]) || value[ep] == '_'))
                    {
                        ep++;
                    }

                    buf.Append(value, vp, ep - vp);
                    vp = ep;
                }

                if (buf.Length == 0)
                {
                    errors.Add($"empty macro name: \"{value}\"");
                    failed = true;
                    break;
                }

                parts.Add((true, buf.ToString()));
                buf.Clear();
            }
        }

        if (buf.Length > 0 && !failed)
        {
            parts.Add((false, buf.ToString()));
        }

        return new MacroTemplate(parts, errors, failed);
    }

    private static bool IsAlnum(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
}
