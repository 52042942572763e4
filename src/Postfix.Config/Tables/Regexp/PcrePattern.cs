using System.Text.RegularExpressions;

namespace Postfix.Config.Tables.Regexp;

/// <summary>A PCRE2 expression (8-bit, no UTF, C-locale tables) translated to .NET.</summary>
internal sealed class PcrePattern : CompiledPattern
{
    private readonly Regex _regex;
    private readonly int _groups;

    private PcrePattern(Regex regex, int groups)
    {
        _regex = regex;
        _groups = groups;
    }

    public override int GroupCount => _groups;

    public override string NetPattern => _regex.ToString();

    /// <summary>
    /// Compiles like <c>pcre2_compile()</c>: throws <see cref="PcreSyntaxException"/> for what PCRE2 rejects and
    /// <see cref="UntranslatablePatternException"/> for what PCRE2 accepts but .NET cannot do the same way.
    /// </summary>
    public static PcrePattern Compile(string pattern, PcreFlags flags, TimeSpan timeout)
    {
        var translation = PcreTranslator.Translate(pattern, flags);
        Regex regex;
        try
        {
            regex = new Regex(translation.Pattern, RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException e)
        {
            throw new UntranslatablePatternException(".NET rejected the translation: " + e.Message, e);
        }

        return new PcrePattern(regex, translation.GroupCount);
    }

    public override bool IsMatch(string byteText, string regexText) => _regex.IsMatch(regexText);

    public override (int Start, int End)[]? Groups(string byteText, string regexText)
    {
        var m = _regex.Match(regexText);
        return m.Success ? FromNet(m, _groups) : null;
    }
}
