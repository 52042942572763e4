namespace Postfix.Config.MasterCf;

/// <summary>The <c>PFC2xxx</c> codes of master.cf diagnostics (documented in <c>docs/diagnostics.md</c>).</summary>
public static class MasterCfDiagnosticCodes
{
    /// <summary>Fewer than eight fields: <c>missing "command" field</c> (fatal in Postfix).</summary>
    public const string MissingField = "PFC2001";

    /// <summary>Unknown service type: <c>bad transport type: X</c> (fatal).</summary>
    public const string BadType = "PFC2002";

    /// <summary><c>-</c> in a field without a default (type, command) (fatal).</summary>
    public const string NoDefault = "PFC2003";

    /// <summary>private/unprivileged/chroot not <c>y</c>, <c>n</c> or <c>-</c> (fatal).</summary>
    public const string BadBoolean = "PFC2004";

    /// <summary>An inet service whose private field is <c>y</c> or <c>-</c> (fatal).</summary>
    public const string PrivateInet = "PFC2005";

    /// <summary>wakeup or process limit not starting with a digit (fatal in the master daemon).</summary>
    public const string BadNumber = "PFC2006";

    /// <summary>wakeup or process limit with trailing text that postconf rejects (fatal in postconf).</summary>
    public const string PostconfBadNumber = "PFC2007";

    /// <summary>A <c>{</c> group without its <c>}</c> (fatal).</summary>
    public const string MissingBrace = "PFC2008";

    /// <summary>Text right after the closing <c>}</c> of a group (fatal).</summary>
    public const string TextAfterBrace = "PFC2009";

    /// <summary>An inet service name that is not <c>[host:]port</c> (fatal).</summary>
    public const string BadInetName = "PFC2010";

    /// <summary>A second entry for the same service (name and type): the last one wins (warning).</summary>
    public const string DuplicateService = "PFC2011";

    /// <summary>An indented line with nothing to continue: skipped (warning).</summary>
    public const string OrphanContinuation = "PFC2012";

    /// <summary>A <c>-o</c> option whose value is not <c>name=value</c> (the daemon program stops).</summary>
    public const string BadOptionValue = "PFC2013";

    /// <summary>A NUL byte: Postfix ignores the rest of the logical line (warning).</summary>
    public const string NulByte = "PFC2014";

    /// <summary>master.cf cannot be read (<c>postfix-net check</c>).</summary>
    public const string CannotRead = "PFC2015";

    /// <summary>Warning: what <c>postconf -M/-F/-P</c> and their edits warn about (for example <c>unmatched request</c>).</summary>
    public const string PostconfWarning = "PFC2016";

    /// <summary>Error: what stops <c>postconf</c> in a master.cf mode (its <c>fatal:</c> message); the file is not changed.</summary>
    public const string PostconfError = "PFC2017";
}
