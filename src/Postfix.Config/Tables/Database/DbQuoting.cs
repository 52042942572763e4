using System.Globalization;
using System.Text;

namespace Postfix.Config.Tables.Database;

/// <summary>The quoting each back end applies to a substituted piece of the key (byte text in, byte text out).</summary>
internal static class DbQuoting
{
    /// <summary>sqlite3_mprintf("%q"): <c>'</c> doubled. Also PQescapeStringConn with standard_conforming_strings on.</summary>
    public static string DoubleSingleQuotes(string s) => s.Contains('\'', StringComparison.Ordinal) ? s.Replace("'", "''", StringComparison.Ordinal) : s;

    /// <summary>mysql_real_escape_string (utf8mb4 connection).</summary>
    public static string Mysql(string s, bool noBackslashEscapes)
    {
        if (noBackslashEscapes)
        {
            return DoubleSingleQuotes(s);
        }

        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            string? rep = c switch
            {
                '\0' => "\\0",
                '\n' => "\\n",
                '\r' => "\\r",
                '\\' => "\\\\",
                '\'' => "\\'",
                '"' => "\\\"",
                '\x1a' => "\\Z",
                _ => null,
            };
            if (rep is null)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(s, 0, i, s.Length + 8);
            sb.Append(rep);
        }

        return sb?.ToString() ?? s;
    }

    /// <summary>rfc2254_quote: <c>* ( ) \</c> become <c>\XX</c> (upper-case hex).</summary>
    public static string LdapFilter(string s) => Escape(s, "*()\\");

    /// <summary>rfc2253_quote: SP TAB <c>" # + , ; &lt; &gt; \</c> become <c>\XX</c>.</summary>
    public static string LdapDn(string s) => Escape(s, " \t\"#+,;<>\\");

    private static string Escape(string s, string specials)
    {
        if (s.AsSpan().IndexOfAny(specials) < 0)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (specials.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
