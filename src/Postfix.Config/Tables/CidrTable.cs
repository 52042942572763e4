using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// A loaded cidr table: the first matching rule wins, <c>if</c>/<c>endif</c> blocks are entered only when their
/// pattern matches, and a key that is not an IPv4 or IPv6 address (as glibc parses it) is not found.
/// </summary>
public sealed class CidrTable : LookupTable
{
    private readonly CidrSourceItem[] _rules;
    private readonly int[] _blockEnd;

    internal CidrTable(CidrSource source, LookupTableOptions options)
        : base("cidr", source.Name, options)
    {
        Source = source;
        _rules = [.. source.Items.Where(i => i.Kind is CidrSourceItemKind.Rule or CidrSourceItemKind.If or CidrSourceItemKind.EndIf)];
        _blockEnd = new int[_rules.Length];
        var stack = new Stack<int>();
        for (var i = 0; i < _rules.Length; i++)
        {
            _blockEnd[i] = -1;
            if (_rules[i].Kind == CidrSourceItemKind.If)
            {
                stack.Push(i);
            }
            else if (_rules[i].Kind == CidrSourceItemKind.EndIf)
            {
                _blockEnd[stack.Pop()] = i;
            }
        }

        foreach (var w in source.AllWarnings())
        {
            AddWarning(w);
        }
    }

    /// <summary>The source the table was built from.</summary>
    public CidrSource Source { get; }

    private protected override string? LookupByteText(string key, Action<string>? warn)
    {
        var address = CidrPattern.ParseAddress(key);
        if (address is null)
        {
            return null;
        }

        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            switch (rule.Kind)
            {
                case CidrSourceItemKind.Rule:
                    if (Matches(rule, address))
                    {
                        return rule.ValueText;
                    }

                    break;
                case CidrSourceItemKind.If:
                    if (Matches(rule, address))
                    {
                        continue;
                    }

                    if (_blockEnd[i] < 0)
                    {
                        return null;
                    }

                    i = _blockEnd[i];
                    break;
            }
        }

        return null;
    }

    /// <summary><c>cidr_match_entry()</c>: same family and (network match XOR negation).</summary>
    private static bool Matches(CidrSourceItem rule, byte[] address)
    {
        var pattern = rule.Pattern!;
        if (pattern.IsIPv6 != (address.Length == 16))
        {
            return false;
        }

        return pattern.Matches(address) != rule.Negated;
    }
}
