using System.Text.RegularExpressions;

namespace Postfix.Config.Tables.Regexp;

/// <summary>A glibc POSIX expression translated to .NET, with the leftmost-longest submatch search for <c>$n</c>.</summary>
internal sealed class PosixPattern : CompiledPattern
{
    private readonly PosixRegexSyntax _syntax;
    private readonly Regex _regex;
    private readonly bool _newline;
    private readonly long _budget;

    private PosixPattern(PosixRegexSyntax syntax, Regex regex, bool newline, long budget)
    {
        _syntax = syntax;
        _regex = regex;
        _newline = newline;
        _budget = budget;
    }

    public override int GroupCount => _syntax.SubexpressionCount;

    public override string NetPattern => _regex.ToString();

    /// <summary>Compiles like <c>regcomp()</c>; throws <see cref="PosixSyntaxException"/> with <c>regerror()</c>'s text.</summary>
    public static PosixPattern Compile(string pattern, bool extended, bool ignoreCase, bool newline, TimeSpan timeout, long budget)
    {
        var syntax = PosixParser.Parse(pattern, extended, ignoreCase, newline);
        var net = PosixNetEmitter.Emit(syntax.Root);
        var regex = new Regex(net, RegexOptions.CultureInvariant, timeout);
        return new PosixPattern(syntax, regex, newline, budget);
    }

    public override bool IsMatch(string byteText, string regexText) => _regex.IsMatch(regexText);

    public override (int Start, int End)[]? Groups(string byteText, string regexText)
    {
        var m = _regex.Match(regexText);
        if (!m.Success)
        {
            return null;
        }

        // .NET finds the leftmost start; POSIX then wants the longest match from there and glibc's submatches.
        return PosixSubmatcher.Match(_syntax, byteText, m.Index, _newline, _budget) ?? FromNet(m, GroupCount);
    }
}
