using System.Text;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// Writes a parsed POSIX expression as a .NET pattern over regex text (see <see cref="RegexText"/>). Every construct
/// is spelled out explicitly (character classes as code-point lists, anchors as look-arounds) so that no .NET option
/// or .NET-only syntax changes its meaning; it is run with <c>RegexOptions.CultureInvariant</c> only.
/// </summary>
internal static class PosixNetEmitter
{
    private const string Word = "[A-Za-z0-9_]";

    public static string Emit(PosixNode root)
    {
        var sb = new StringBuilder();
        Write(sb, root);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, PosixNode node)
    {
        switch (node)
        {
            case PosixSet set:
                sb.Append(set.Set.ToNetClass());
                break;
            case PosixEmpty:
                break;
            case PosixConcat concat:
                foreach (var item in concat.Items)
                {
                    Write(sb, item);
                }

                break;
            case PosixAlternation alt:
                sb.Append("(?:");
                for (var i = 0; i < alt.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append('|');
                    }

                    Write(sb, alt.Branches[i]);
                }

                sb.Append(')');
                break;
            case PosixGroup group:
                sb.Append('(');
                Write(sb, group.Body);
                sb.Append(')');
                break;
            case PosixRepeat rep:
                sb.Append("(?:");
                Write(sb, rep.Body);
                sb.Append(')');
                sb.Append(rep.Max switch
                {
                    -1 when rep.Min == 0 => "*",
                    -1 when rep.Min == 1 => "+",
                    -1 => "{" + rep.Min.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",}",
                    _ => "{" + rep.Min.ToString(System.Globalization.CultureInfo.InvariantCulture) + ","
                        + rep.Max.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}",
                });
                break;
            case PosixBackReference back:
                var reference = @"\k<" + back.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + ">";
                sb.Append(back.IgnoreCase ? "(?i:" + reference + ")" : "(?:" + reference + ")");
                break;
            case PosixAssert a:
                sb.Append(a.Kind switch
                {
                    PosixAssertion.LineStart => a.NewlineSensitive ? "(?m:^)" : @"\A",
                    PosixAssertion.LineEnd => a.NewlineSensitive ? "(?m:$)" : @"\z",
                    PosixAssertion.BufferStart => @"\A",
                    PosixAssertion.BufferEnd => @"\z",
                    PosixAssertion.WordBoundary => $"(?:(?<={Word})(?!{Word})|(?<!{Word})(?={Word}))",
                    PosixAssertion.NotWordBoundary => $"(?:(?<={Word})(?={Word})|(?<!{Word})(?!{Word}))",
                    PosixAssertion.WordStart => $"(?<!{Word})(?={Word})",
                    _ => $"(?<={Word})(?!{Word})",
                });
                break;
            default:
                throw new InvalidOperationException("unknown POSIX node");
        }
    }
}
