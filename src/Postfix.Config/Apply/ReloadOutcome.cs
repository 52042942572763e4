namespace Postfix.Config.Apply;

/// <summary>What a commit did about the running Postfix.</summary>
public enum ReloadOutcome
{
    /// <summary>Nothing changed, so nothing was reloaded.</summary>
    NotNeeded,

    /// <summary><c>postfix reload</c> ran and succeeded.</summary>
    Reloaded,

    /// <summary>Postfix is not running (<c>postfix status</c> failed): the new configuration applies at the next start.</summary>
    NotRunning,

    /// <summary>Reloading was turned off (<see cref="ChangeSetOptions.Reload"/>).</summary>
    Disabled,

    /// <summary>Postfix is not installed here, so nothing could be reloaded.</summary>
    NotInstalled,
}
