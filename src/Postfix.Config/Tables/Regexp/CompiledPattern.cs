using System.Text.RegularExpressions;

namespace Postfix.Config.Tables.Regexp;

/// <summary>One compiled regexp: or pcre: pattern, ready to run on a key given as byte text.</summary>
internal abstract class CompiledPattern
{
    /// <summary>The number of capturing groups (<c>re_nsub</c> / PCRE2 capture count).</summary>
    public abstract int GroupCount { get; }

    /// <summary>The .NET pattern the expression was translated to (over regex text).</summary>
    public abstract string NetPattern { get; }

    /// <summary>Whether the expression matches anywhere in the key.</summary>
    public abstract bool IsMatch(string byteText, string regexText);

    /// <summary>
    /// The match spans (index 0 = whole match, -1 = unset) the real library reports, or null when there is no match.
    /// </summary>
    public abstract (int Start, int End)[]? Groups(string byteText, string regexText);

    protected static (int, int)[] FromNet(Match m, int groupCount)
    {
        var spans = new (int, int)[groupCount + 1];
        for (var i = 0; i <= groupCount; i++)
        {
            var g = m.Groups[i];
            spans[i] = g.Success ? (g.Index, g.Index + g.Length) : (-1, -1);
        }

        return spans;
    }
}
