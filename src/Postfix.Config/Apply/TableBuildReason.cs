namespace Postfix.Config.Apply;

/// <summary>Why a commit builds an indexed table.</summary>
public enum TableBuildReason
{
    /// <summary>Its source file is part of the change.</summary>
    SourceChanged,

    /// <summary>Its database is missing or older than its source file (Postfix's "database … is older than source file").</summary>
    Stale,

    /// <summary>The caller asked for it (<see cref="ChangeSet.RequestTableBuild"/>).</summary>
    Requested,
}
