namespace Postfix.Config.MasterCf;

/// <summary>What a <see cref="MasterCfEntry"/> holds.</summary>
public enum MasterCfEntryKind
{
    /// <summary>A blank line.</summary>
    Blank,

    /// <summary>A comment line (perhaps a commented-out service).</summary>
    Comment,

    /// <summary>A service definition (it may still carry error diagnostics).</summary>
    Service,

    /// <summary>Text Postfix cannot use as a service (too few fields, or an indented line with nothing to continue); kept verbatim.</summary>
    Unparsed,
}
