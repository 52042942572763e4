namespace Postfix.Config.Apply;

/// <summary>The steps of <see cref="ChangeSet.CommitAsync"/>, in the order they run.</summary>
public enum CommitStep
{
    /// <summary>Taking the lock in the configuration directory.</summary>
    Lock,

    /// <summary>Checking that no file changed since the change set read it.</summary>
    Verify,

    /// <summary>The project's own checker on the new content (main.cf, master.cf, the tables they name).</summary>
    Check,

    /// <summary>Keeping the previous versions in the history (for undo).</summary>
    History,

    /// <summary>Writing the files (temporary file, fsync, rename, directory fsync).</summary>
    Write,

    /// <summary><c>postfix -c DIR check</c>.</summary>
    PostfixCheck,

    /// <summary>Building indexed tables with <c>postmap</c> or <c>postalias</c>.</summary>
    BuildTables,

    /// <summary><c>postfix -c DIR reload</c>.</summary>
    Reload,
}
