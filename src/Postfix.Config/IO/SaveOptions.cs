namespace Postfix.Config.IO;

/// <summary>How <see cref="ConfigFileStore.SaveAsync"/> writes a file.</summary>
public sealed record SaveOptions
{
    /// <summary>The default: no backup, refuse to overwrite a file that changed since it was loaded.</summary>
    public static SaveOptions Default { get; } = new();

    /// <summary>
    /// When set, the previous content is kept next to the file under this suffix (for example <c>.bak</c>)
    /// before the new content replaces it.
    /// </summary>
    public string? BackupSuffix { get; init; }

    /// <summary>Overwrite even when the file changed since it was loaded.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// How long a save waits for the edit lock on <c>PATH.tmp</c> held by another writer (for example a running
    /// <c>postconf -e</c>) before it gives up with an <see cref="IOException"/>. Default 10 seconds.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
