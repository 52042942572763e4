namespace Postfix.Config.Tables.Regexp;

/// <summary>Which of Postfix's two pattern table types a file is written for.</summary>
public enum PatternTableDialect
{
    /// <summary><c>regexp:</c> tables: POSIX regular expressions (glibc <c>regcomp()</c>, C locale).</summary>
    Regexp,

    /// <summary><c>pcre:</c> tables: Perl-compatible regular expressions (PCRE2, no UTF mode).</summary>
    Pcre,
}
