namespace Postfix.Config.MainCf;

/// <summary>The stable codes of main.cf diagnostics (documented in <c>docs/diagnostics.md</c>).</summary>
public static class MainCfDiagnosticCodes
{
    /// <summary>Error: a logical line has no <c>=</c> after its name (or the name contains whitespace). Fatal in Postfix.</summary>
    public const string MissingEquals = "PFC1001";

    /// <summary>Error: a logical line starts with <c>=</c> (no name). Fatal in Postfix.</summary>
    public const string MissingName = "PFC1002";

    /// <summary>Warning: a logical line starts with whitespace; Postfix skips it.</summary>
    public const string LeadingWhitespace = "PFC1003";

    /// <summary>Warning: a parameter is defined again with a different value; the later definition wins.</summary>
    public const string OverridingEntry = "PFC1004";

    /// <summary>Warning: a logical line contains a NUL byte; Postfix ignores the text after it.</summary>
    public const string NullByte = "PFC1005";

    /// <summary>Error: main.cf cannot be read (missing, not readable). Fatal in Postfix (<c>open …: No such file or directory</c>).</summary>
    public const string CannotRead = "PFC1006";

    /// <summary>Warning: what <c>postconf -e</c>, <c>-X</c> or <c>-#</c> warns about while editing (for example <c>multiple entries for "NAME"</c>).</summary>
    public const string PostconfWarning = "PFC1007";

    /// <summary>Error: what stops <c>postconf</c> (its <c>fatal:</c> message); the file is not changed.</summary>
    public const string PostconfError = "PFC1008";
}
