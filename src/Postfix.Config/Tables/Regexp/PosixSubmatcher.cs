using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Postfix.Config.Tables.Regexp;

/// <summary>
/// Finds the subexpression positions glibc's <c>regexec()</c> reports for a match that is known to start at a given
/// offset: the overall match is the longest one from that start (POSIX leftmost-longest), and the subexpressions
/// are those of the first path, in glibc's preference order (left alternative first, more repetitions first), that
/// ends exactly there. Cost is bounded by a step budget; past it the lookup fails with
/// <see cref="RegexMatchTimeoutException"/>, never with a different answer.
/// </summary>
internal sealed class PosixSubmatcher
{
    private readonly PosixRegexSyntax _syntax;
    private readonly string _s;
    private readonly int _n;
    private readonly int[] _capStart;
    private readonly int[] _capEnd;
    private readonly Dictionary<long, ulong[]> _memo = [];
    private readonly bool _newline;
    private long _budget;

    private PosixSubmatcher(PosixRegexSyntax syntax, string subject, bool newline, long budget)
    {
        _syntax = syntax;
        _s = subject;
        _n = subject.Length;
        _newline = newline;
        _budget = budget;
        _capStart = new int[syntax.SubexpressionCount + 1];
        _capEnd = new int[syntax.SubexpressionCount + 1];
        Array.Fill(_capStart, -1);
        Array.Fill(_capEnd, -1);
    }

    /// <summary>
    /// Returns (start, end) for the whole match (index 0) and every subexpression (-1, -1 when unset), or null when
    /// no match starts at <paramref name="start"/>.
    /// </summary>
    public static (int Start, int End)[]? Match(PosixRegexSyntax syntax, string byteText, int start, bool newline, long budget)
    {
        var m = new PosixSubmatcher(syntax, byteText, newline, budget);
        try
        {
            return m.Run(start);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new RegexMatchTimeoutException("the POSIX submatch search needs too deep a recursion for this key");
        }
    }

    private (int, int)[]? Run(int start)
    {
        int target;
        if (!_syntax.HasBackReferences)
        {
            var ends = Ends(_syntax.Root, start);
            target = Highest(ends);
        }
        else
        {
            target = -1;
            M(_syntax.Root, start, p =>
            {
                if (p > target)
                {
                    target = p;
                }

                return p == _n;
            });
            Array.Fill(_capStart, -1);
            Array.Fill(_capEnd, -1);
        }

        if (target < 0 || !M(_syntax.Root, start, p => p == target))
        {
            return null;
        }

        var result = new (int, int)[_capStart.Length];
        result[0] = (start, target);
        for (var i = 1; i < result.Length; i++)
        {
            result[i] = (_capStart[i], _capEnd[i]);
        }

        return result;
    }

    private void Spend()
    {
        if (--_budget < 0)
        {
            throw new RegexMatchTimeoutException("the POSIX submatch search went over its step budget for this key");
        }
    }

    private bool Test(PosixAssert a, int pos) => a.Kind switch
    {
        PosixAssertion.LineStart => pos == 0 || (a.NewlineSensitive && _s[pos - 1] == '\n'),
        PosixAssertion.LineEnd => pos == _n || (a.NewlineSensitive && _s[pos] == '\n'),
        PosixAssertion.BufferStart => pos == 0,
        PosixAssertion.BufferEnd => pos == _n,
        PosixAssertion.WordBoundary => IsWord(pos - 1) != IsWord(pos),
        PosixAssertion.NotWordBoundary => IsWord(pos - 1) == IsWord(pos),
        PosixAssertion.WordStart => !IsWord(pos - 1) && IsWord(pos),
        _ => IsWord(pos - 1) && !IsWord(pos),
    };

    private bool IsWord(int pos) => pos >= 0 && pos < _n && PosixParser.WordChars.Contains(_s[pos]);

    private bool M(PosixNode node, int pos, Func<int, bool> k)
    {
        Spend();
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case PosixSet set:
                return pos < _n && set.Set.Contains(_s[pos]) && k(pos + 1);
            case PosixEmpty:
                return k(pos);
            case PosixAssert a:
                return Test(a, pos) && k(pos);
            case PosixConcat concat:
                return Sequence(concat.Items, 0, pos, k);
            case PosixAlternation alt:
                foreach (var branch in alt.Branches)
                {
                    if (M(branch, pos, k))
                    {
                        return true;
                    }
                }

                return false;
            case PosixGroup group:
                return M(group.Body, pos, p =>
                {
                    var (ps, pe) = (_capStart[group.Index], _capEnd[group.Index]);
                    _capStart[group.Index] = pos;
                    _capEnd[group.Index] = p;
                    if (k(p))
                    {
                        return true;
                    }

                    _capStart[group.Index] = ps;
                    _capEnd[group.Index] = pe;
                    return false;
                });
            case PosixRepeat rep when rep.Body is PosixSet single:
                var run = 0;
                while (pos + run < _n && (rep.Max < 0 || run < rep.Max) && single.Set.Contains(_s[pos + run]))
                {
                    run++;
                }

                for (var j = run; j >= rep.Min; j--)
                {
                    Spend();
                    if (k(pos + j))
                    {
                        return true;
                    }
                }

                return false;
            case PosixRepeat rep:
                return Repeat(rep, 0, pos, k);
            case PosixBackReference back:
                var (bs, be) = (_capStart[back.Index], _capEnd[back.Index]);
                if (bs < 0)
                {
                    return false;
                }

                var len = be - bs;
                if (pos + len > _n)
                {
                    return false;
                }

                for (var i = 0; i < len; i++)
                {
                    var x = _s[bs + i];
                    var y = _s[pos + i];
                    if (x != y && !(back.IgnoreCase && ToUpper(x) == ToUpper(y)))
                    {
                        return false;
                    }
                }

                return k(pos + len);
            default:
                throw new InvalidOperationException("unknown POSIX node");
        }
    }

    private static char ToUpper(char c) => c is >= 'a' and <= 'z' ? (char)(c - 32) : c;

    private bool Sequence(IReadOnlyList<PosixNode> items, int i, int pos, Func<int, bool> k) =>
        i == items.Count ? k(pos) : M(items[i], pos, p => Sequence(items, i + 1, p, k));

    private bool Repeat(PosixRepeat rep, int count, int pos, Func<int, bool> k)
    {
        if (rep.Max < 0 || count < rep.Max)
        {
            // More repetitions first. An iteration that matched nothing ends the loop (it could only repeat itself);
            // glibc also undoes what an empty optional iteration did to groups that had matched before.
            var groups = GroupsIn(rep.Body);
            var before = Snapshot(groups);
            var hit = M(rep.Body, pos, p =>
            {
                if (p != pos)
                {
                    return Repeat(rep, count + 1, p, k);
                }

                if (count >= rep.Min && !NullableWithoutAssertions(rep.Body) && groups.Any(g => before[Array.IndexOf(groups, g)].Start >= 0))
                {
                    var now = Snapshot(groups);
                    Restore(groups, before);
                    if (k(p))
                    {
                        return true;
                    }

                    Restore(groups, now);
                    return false;
                }

                return k(p);
            });
            if (hit)
            {
                return true;
            }
        }

        return count >= rep.Min && k(pos);
    }

    /// <summary>
    /// Whether <paramref name="node"/> can match the empty string without any assertion. glibc keeps a group's earlier
    /// value when a later optional iteration matches empty only through assertions (as in <c>(\S|\'\')*</c>), but not
    /// when the iteration is empty because of <c>*</c>, <c>?</c> or an empty alternative (as in <c>(.*|x)*</c>), as
    /// measured against glibc 2.36 by the differential tests.
    /// </summary>
    private static bool NullableWithoutAssertions(PosixNode node) => node switch
    {
        PosixEmpty => true,
        PosixConcat c => c.Items.All(NullableWithoutAssertions),
        PosixAlternation a => a.Branches.Any(NullableWithoutAssertions),
        PosixGroup g => NullableWithoutAssertions(g.Body),
        PosixRepeat r => r.Min == 0 || NullableWithoutAssertions(r.Body),
        _ => false,
    };

    private readonly Dictionary<int, int[]> _groupsIn = [];

    private int[] GroupsIn(PosixNode node)
    {
        if (_groupsIn.TryGetValue(node.Id, out var cached))
        {
            return cached;
        }

        var list = new List<int>();
        Collect(node, list);
        var result = list.ToArray();
        _groupsIn[node.Id] = result;
        return result;

        static void Collect(PosixNode n, List<int> into)
        {
            switch (n)
            {
                case PosixGroup g:
                    into.Add(g.Index);
                    Collect(g.Body, into);
                    break;
                case PosixConcat c:
                    foreach (var item in c.Items)
                    {
                        Collect(item, into);
                    }

                    break;
                case PosixAlternation a:
                    foreach (var b in a.Branches)
                    {
                        Collect(b, into);
                    }

                    break;
                case PosixRepeat r:
                    Collect(r.Body, into);
                    break;
            }
        }
    }

    private (int Start, int End)[] Snapshot(int[] groups)
    {
        var s = new (int, int)[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            s[i] = (_capStart[groups[i]], _capEnd[groups[i]]);
        }

        return s;
    }

    private void Restore(int[] groups, (int Start, int End)[] values)
    {
        for (var i = 0; i < groups.Length; i++)
        {
            (_capStart[groups[i]], _capEnd[groups[i]]) = values[i];
        }
    }

    private static int Highest(ulong[] set)
    {
        for (var w = set.Length - 1; w >= 0; w--)
        {
            if (set[w] != 0)
            {
                return (w * 64) + 63 - System.Numerics.BitOperations.LeadingZeroCount(set[w]);
            }
        }

        return -1;
    }

    private ulong[] NewSet() => new ulong[(_n + 1 + 63) / 64];

    private static void Add(ulong[] set, int p) => set[p >> 6] |= 1UL << (p & 63);

    private static bool IsEmpty(ulong[] set) => Array.TrueForAll(set, w => w == 0);

    private static IEnumerable<int> Members(ulong[] set)
    {
        for (var w = 0; w < set.Length; w++)
        {
            var word = set[w];
            while (word != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                yield return (w * 64) + bit;
                word &= word - 1;
            }
        }
    }

    private ulong[] Step(PosixNode node, ulong[] from)
    {
        var result = NewSet();
        foreach (var p in Members(from))
        {
            var e = Ends(node, p);
            for (var w = 0; w < result.Length; w++)
            {
                result[w] |= e[w];
            }
        }

        return result;
    }

    /// <summary>Every position where a match of <paramref name="node"/> starting at <paramref name="pos"/> can end.</summary>
    private ulong[] Ends(PosixNode node, int pos)
    {
        Spend();
        var key = ((long)node.Id * (_n + 1)) + pos;
        if (_memo.TryGetValue(key, out var cached))
        {
            return cached;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        var result = NewSet();
        switch (node)
        {
            case PosixSet set:
                if (pos < _n && set.Set.Contains(_s[pos]))
                {
                    Add(result, pos + 1);
                }

                break;
            case PosixEmpty:
                Add(result, pos);
                break;
            case PosixAssert a:
                if (Test(a, pos))
                {
                    Add(result, pos);
                }

                break;
            case PosixConcat concat:
                Add(result, pos);
                foreach (var item in concat.Items)
                {
                    result = Step(item, result);
                    if (IsEmpty(result))
                    {
                        break;
                    }
                }

                break;
            case PosixAlternation alt:
                foreach (var branch in alt.Branches)
                {
                    var e = Ends(branch, pos);
                    for (var w = 0; w < result.Length; w++)
                    {
                        result[w] |= e[w];
                    }
                }

                break;
            case PosixGroup group:
                result = Ends(group.Body, pos);
                break;
            case PosixRepeat rep:
                result = RepeatEnds(rep, pos);
                break;
            default:
                throw new InvalidOperationException("back-references are matched by the backtracking search");
        }

        _memo[key] = result;
        return result;
    }

    private ulong[] RepeatEnds(PosixRepeat rep, int pos)
    {
        var result = NewSet();
        var current = NewSet();
        Add(current, pos);
        if (rep.Min == 0)
        {
            Add(result, pos);
        }

        var seen = (ulong[])current.Clone();
        for (var i = 1; rep.Max < 0 || i <= rep.Max; i++)
        {
            Spend();
            var next = Step(rep.Body, current);
            if (i >= rep.Min)
            {
                for (var w = 0; w < result.Length; w++)
                {
                    result[w] |= next[w];
                }

                // From here on a position reached again can add nothing new.
                var fresh = NewSet();
                var any = false;
                for (var w = 0; w < next.Length; w++)
                {
                    fresh[w] = next[w] & ~seen[w];
                    seen[w] |= next[w];
                    any |= fresh[w] != 0;
                }

                if (!any)
                {
                    break;
                }

                current = fresh;
            }
            else
            {
                if (IsEmpty(next))
                {
                    break;
                }

                if (next.AsSpan().SequenceEqual(current))
                {
                    // Only empty iterations from here on: the minimum is reachable with the same positions.
                    for (var w = 0; w < result.Length; w++)
                    {
                        result[w] |= next[w];
                    }

                    for (var w = 0; w < next.Length; w++)
                    {
                        seen[w] |= next[w];
                    }

                    i = rep.Min;
                    if (rep.Max >= 0 && i >= rep.Max)
                    {
                        break;
                    }

                    continue;
                }

                current = next;
            }
        }

        return result;
    }
}
