using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Aliases;

/// <summary>
/// A typed alias: the name (internal form, as postalias stores it before case folding) and its destinations. Use
/// <see cref="Create"/> and <see cref="ToLine"/> to write a line that postalias reads back as exactly this entry
/// (names and destinations are double-quoted when they hold a space or where Postfix's RFC 822 scanner would otherwise
/// change them).
/// </summary>
public sealed class AliasEntry
{
    private readonly AliasTarget[] _targets;

    private AliasEntry(string name, AliasTarget[] targets)
    {
        Name = name;
        _targets = targets;
    }

    /// <summary>The alias name in internal (unquoted) form, case as written.</summary>
    public string Name { get; }

    /// <summary>The destinations in order.</summary>
    public IReadOnlyList<AliasTarget> Targets => _targets;

    /// <summary>Creates an entry.</summary>
    /// <param name="name">The local name (no tab, line break or NUL; any other byte is quoted as needed).</param>
    /// <param name="targets">At least one destination.</param>
    public static AliasEntry Create(string name, params IEnumerable<AliasTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(targets);
        if (name.Any(c => c is '\0' or '\t' or '\r' or '\n'))
        {
            throw new ArgumentException("an alias name must hold no NUL, tab or line break (postalias turns them into spaces)", nameof(name));
        }

        var list = targets.ToArray();
        return list.Length == 0 ? throw new ArgumentException("an alias needs at least one destination (postalias: need name:value pair)", nameof(targets)) : new AliasEntry(name, list);
    }

    /// <summary>
    /// The value as written in an aliases file: the destinations joined with <c>, </c>, each quoted where postalias
    /// needs it (like every typed value's <c>ToString()</c>; <see cref="ToLine"/> gives the whole line).
    /// </summary>
    public override string ToString() =>
        ByteText.ToDisplay(string.Join(", ", _targets.Select(t => WriteItem(ByteText.FromDisplay(t.Text)))));

    /// <summary>The line for an aliases file (without line ending): <c>name: target, target</c>.</summary>
    public string ToLine() => ByteText.ToDisplay(WriteName(ByteText.FromDisplay(Name))) + ": " + ToString();

    internal static AliasEntry FromTokens(string nameText, List<Rfc822Token> tokens, int start) =>
        new(ByteText.ToDisplay(nameText), [.. TargetsOf(tokens, start, tokens.Count)]);

    /// <summary>Writes a name so that postalias reads it back unchanged (byte text in and out).</summary>
    internal static string WriteName(string text)
    {
        var tokens = Rfc822Tokenizer.Scan(text);
        var plain = text.Length > 0 && text[0] != '#' && !text.Contains(' ', StringComparison.Ordinal) && !text.Contains('\0', StringComparison.Ordinal)
            && tokens.TrueForAll(t => t.Type is not (':' or ',' or '@' or '%' or '<' or '>' or ';' or Rfc822Token.Comment))
            && Rfc822Tokenizer.Internalize(tokens, 0, tokens.Count) == text;
        return plain ? text : Quote(text);
    }

    /// <summary>Writes one destination so that postalias and local(8) read it back unchanged (byte text in and out).</summary>
    internal static string WriteItem(string text)
    {
        var tokens = Rfc822Tokenizer.Scan(text);
        var plain = text.Length > 0 && !text.Contains(' ', StringComparison.Ordinal)
            && tokens.TrueForAll(t => t.Type is not (',' or '<' or '>' or ';' or Rfc822Token.Comment))
            && Rfc822Tokenizer.Internalize(tokens, 0, tokens.Count) == text;
        return plain ? text : Quote(text);
    }

    /// <summary>Splits value tokens into destinations as local(8) reads them (commas; comments dropped; <c>&lt;addr&gt;</c> taken).</summary>
    internal static List<AliasTarget> TargetsOf(List<Rfc822Token> tokens, int start, int end)
    {
        var result = new List<AliasTarget>();
        var groupStart = start;
        for (var n = start; n <= end; n++)
        {
            if (n < end && tokens[n].Type != ',')
            {
                continue;
            }

            var group = tokens.GetRange(groupStart, n - groupStart).Where(t => t.Type != Rfc822Token.Comment).ToList();
            var open = group.FindIndex(t => t.Type == '<');
            if (open >= 0)
            {
                var close = group.FindIndex(open, t => t.Type == '>');
                group = group.GetRange(open + 1, (close < 0 ? group.Count : close) - open - 1);
            }

            var text = Rfc822Tokenizer.Internalize(group, 0, group.Count);
            if (text.Length > 0)
            {
                result.Add(AliasTarget.Classify(ByteText.ToDisplay(text)));
            }

            groupStart = n + 1;
        }

        return result;
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
