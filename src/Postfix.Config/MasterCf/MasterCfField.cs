namespace Postfix.Config.MasterCf;

/// <summary>The eight fields of a master.cf service.</summary>
public enum MasterCfField
{
    /// <summary>The service name.</summary>
    Service,

    /// <summary>The service type.</summary>
    Type,

    /// <summary>private (y/n/-).</summary>
    Private,

    /// <summary>unprivileged (y/n/-).</summary>
    Unprivileged,

    /// <summary>chroot (y/n/-).</summary>
    Chroot,

    /// <summary>The wakeup time.</summary>
    Wakeup,

    /// <summary>The process limit.</summary>
    ProcessLimit,

    /// <summary>The command (program name; the arguments are not part of this field).</summary>
    Command,
}
