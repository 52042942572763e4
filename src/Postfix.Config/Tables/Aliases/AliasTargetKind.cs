namespace Postfix.Config.Tables.Aliases;

/// <summary>What local(8) does with one item of an alias value (<c>local/token.c</c>).</summary>
public enum AliasTargetKind
{
    /// <summary>An address to deliver to (local or remote).</summary>
    Address,

    /// <summary><c>|command</c>: the message is piped to a shell command.</summary>
    Command,

    /// <summary><c>/file</c>: the message is appended to a file (a name ending in <c>/</c> is a maildir).</summary>
    File,

    /// <summary><c>:include:/file</c>: more destinations are read from a file.</summary>
    Include,
}
