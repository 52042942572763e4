using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Text;

/// <summary>
/// The brace helpers as <c>dict_inline</c> and <c>dict_static</c> call them: <see cref="BraceGroups"/> (shared with
/// master.cf's postconf code) with <c>CHARS_COMMA_SP</c> as the separator set.
/// </summary>
internal static class Braces
{
    /// <summary><c>balpar(s, "{}")</c>: the length of the balanced <c>{…}</c> group at the start, or 0.</summary>
    public static int Balance(string s) => BraceGroups.BalancedLength(s);

    /// <summary><c>mystrtokq(&amp;cp, ", \t\r\n", "{}")</c>: the next token, or null at the end.</summary>
    public static string? NextToken(string s, ref int pos) =>
        BraceGroups.NextToken(s, ref pos, IsSep) is { } t ? s.Substring(t.Start, t.Length) : null;

    /// <summary><c>extpar(&amp;item, "{}", EXTPAR_FLAG_STRIP)</c>: strips the braces and surrounding whitespace; returns the error or null.</summary>
    public static string? Extract(ref string item)
    {
        var (start, length) = BraceGroups.Extract(item, out var error);
        item = item.Substring(start, length);
        return error;
    }

    private static bool IsSep(char c) => c is ',' or ' ' or '\t' or '\r' or '\n';
}
