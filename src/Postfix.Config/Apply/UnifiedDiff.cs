using System.Text;
using System.Text.Unicode;

namespace Postfix.Config.Apply;

/// <summary>Unified diffs (<c>diff -u</c> layout, three lines of context) of two versions of a file.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;
    private const long MaxCells = 16_000_000;

    public static string Format(string path, ReadOnlyMemory<byte>? before, ReadOnlyMemory<byte>? after)
    {
        var oldName = before is null ? "/dev/null" : "a" + (path.StartsWith('/') ? path : "/" + path);
        var newName = after is null ? "/dev/null" : "b" + (path.StartsWith('/') ? path : "/" + path);
        var oldBytes = before is { } b0 ? b0.Span : [];
        var newBytes = after is { } b1 ? b1.Span : [];
        if (oldBytes.SequenceEqual(newBytes) && (before is null) == (after is null))
        {
            return string.Empty;
        }

        if (IsBinary(oldBytes) || IsBinary(newBytes))
        {
            return $"Binary files {oldName} and {newName} differ\n";
        }

        var a = Lines(oldBytes);
        var b = Lines(newBytes);
        var sb = new StringBuilder();
        sb.Append("--- ").Append(oldName).Append('\n');
        sb.Append("+++ ").Append(newName).Append('\n');
        var edits = Edits(a, b);
        foreach (var hunk in Hunks(edits))
        {
            var (oldStart, oldCount, newStart, newCount) = Range(edits, hunk);
            sb.Append("@@ -").Append(Header(oldStart, oldCount)).Append(" +").Append(Header(newStart, newCount)).Append(" @@\n");
            for (var i = hunk.Start; i < hunk.End; i++)
            {
                var (kind, line) = edits[i];
                sb.Append(kind);
                sb.Append(line.TrimEnd('\n'));
                sb.Append('\n');
                if (!line.EndsWith('\n'))
                {
                    sb.Append("\\ No newline at end of file\n");
                }
            }
        }

        return sb.ToString();
    }

    private static string Header(int start, int count) => count == 1 ? start.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(count == 0 ? start - 1 : start)},{count}");

    private static bool IsBinary(ReadOnlySpan<byte> bytes) => bytes.Contains((byte)0) || !Utf8.IsValid(bytes);

    private static List<string> Lines(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var nl = text.IndexOf('\n', start);
            var end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    // The edit script: ' ' kept, '-' removed, '+' added, in order (LCS over the part between the common prefix and suffix).
    private static List<(char Kind, string Line)> Edits(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }

        var result = new List<(char, string)>();
        result.AddRange(a.Take(prefix).Select(l => (' ', l)));
        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        if ((long)(n + 1) * (m + 1) > MaxCells)
        {
            result.AddRange(a.Skip(prefix).Take(n).Select(l => ('-', l)));
            result.AddRange(b.Skip(prefix).Take(m).Select(l => ('+', l)));
        }
        else
        {
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y])
                {
                    result.Add((' ', a[prefix + x]));
                    x++;
                    y++;
                }
                else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y]))
                {
                    result.Add(('+', b[prefix + y]));
                    y++;
                }
                else
                {
                    result.Add(('-', a[prefix + x]));
                    x++;
                }
            }

            // diff -u lists removals before additions within a change.
            Reorder(result);
        }

        result.AddRange(a.Skip(a.Count - suffix).Select(l => (' ', l)));
        return result;
    }

    private static void Reorder(List<(char Kind, string Line)> edits)
    {
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            var j = i;
            while (j < edits.Count && edits[j].Kind != ' ')
            {
                j++;
            }

            var block = edits.GetRange(i, j - i);
            var ordered = block.Where(e => e.Kind == '-').Concat(block.Where(e => e.Kind == '+')).ToList();
            for (var k = 0; k < ordered.Count; k++)
            {
                edits[i + k] = ordered[k];
            }

            i = j;
        }
    }

    private static List<(int Start, int End)> Hunks(List<(char Kind, string Line)> edits)
    {
        var hunks = new List<(int Start, int End)>();
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind == ' ')
            {
                continue;
            }

            var start = Math.Max(0, i - Context);
            var end = i;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ')
                {
                    end++;
                    continue;
                }

                var run = end;
                while (run < edits.Count && edits[run].Kind == ' ')
                {
                    run++;
                }

                if (run < edits.Count && run - end <= 2 * Context)
                {
                    end = run;
                    continue;
                }

                end = Math.Min(edits.Count, end + Context);
                break;
            }

            if (hunks.Count > 0 && start <= hunks[^1].End)
            {
                start = hunks[^1].Start;
                hunks.RemoveAt(hunks.Count - 1);
            }

            hunks.Add((start, end));
            i = end - 1;
        }

        return hunks;
    }

    private static (int OldStart, int OldCount, int NewStart, int NewCount) Range(List<(char Kind, string Line)> edits, (int Start, int End) hunk)
    {
        int oldLine = 1, newLine = 1;
        for (var i = 0; i < hunk.Start; i++)
        {
            if (edits[i].Kind != '+')
            {
                oldLine++;
            }

            if (edits[i].Kind != '-')
            {
                newLine++;
            }
        }

        int oldCount = 0, newCount = 0;
        for (var i = hunk.Start; i < hunk.End; i++)
        {
            if (edits[i].Kind != '+')
            {
                oldCount++;
            }

            if (edits[i].Kind != '-')
            {
                newCount++;
            }
        }

        return (oldLine, oldCount, newLine, newCount);
    }
}
