using Postfix.Config.Syntax;

namespace Postfix.Config.Apply;

/// <summary>What <see cref="ChangeSet.CommitAsync"/> did: the files written, the tables built, the reload, or the failure and what was put back.</summary>
public sealed record ChangeSetResult
{
    /// <summary>Every step succeeded (or there was nothing to do).</summary>
    public bool Succeeded => FailedStep is null;

    /// <summary>Something was written or built.</summary>
    public bool Changed => Files.Count > 0 || TablesBuilt.Count > 0;

    /// <summary>The files written, created or removed (empty after a failure: everything was put back).</summary>
    public IReadOnlyList<FileChange> Files { get; init; } = [];

    /// <summary>The indexed tables built.</summary>
    public IReadOnlyList<TableBuild> TablesBuilt { get; init; } = [];

    /// <summary>What was done about the running Postfix.</summary>
    public ReloadOutcome Reload { get; init; } = ReloadOutcome.NotNeeded;

    /// <summary>Changed parameters that need <c>postfix stop</c> and <c>postfix start</c> (see <see cref="RestartParameters"/>).</summary>
    public IReadOnlyList<string> RestartRequiredBy { get; init; } = [];

    /// <summary>The step that failed, or null.</summary>
    public CommitStep? FailedStep { get; init; }

    /// <summary>Why it failed, or null.</summary>
    public string? Error { get; init; }

    /// <summary>After a failure: the files put back byte for byte, and the tables rebuilt or removed to match them.</summary>
    public IReadOnlyList<string> Restored { get; init; } = [];

    /// <summary>Problems found by the checks (errors fail the commit; new warnings in files the change writes too).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>What was done, one line per action (for example <c>postmap hash:/etc/postfix/transport</c>).</summary>
    public IReadOnlyList<string> Log { get; init; } = [];

    /// <summary>The history entry that can undo this commit, or null.</summary>
    public string? HistoryId { get; init; }
}
