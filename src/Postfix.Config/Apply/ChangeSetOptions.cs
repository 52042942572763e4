using System.IO.Abstractions;
using Postfix.Config.IO;
using Postfix.Config.Processes;

namespace Postfix.Config.Apply;

/// <summary>How a <see cref="ChangeSet"/> reads, writes, checks, builds and reloads.</summary>
public sealed record ChangeSetOptions
{
    /// <summary>The defaults: the real file system and programs, <c>postfix check</c> when installed, reload.</summary>
    public static ChangeSetOptions Default { get; } = new();

    /// <summary>The file system (null: the real one).</summary>
    public IFileSystem? FileSystem { get; init; }

    /// <summary>Owner and directory-flush operations (null: <see cref="UnixFileOperations.Instance"/>).</summary>
    public IUnixFileOperations? UnixFileOperations { get; init; }

    /// <summary>Starts <c>postfix</c>, <c>postmap</c> and <c>postalias</c> (null: <see cref="ProcessRunner.Instance"/>).</summary>
    public IProcessRunner? Runner { get; init; }

    /// <summary>The <c>postfix</c> command (a name looked up on PATH, or an absolute path).</summary>
    public string PostfixProgram { get; init; } = "postfix";

    /// <summary>The <c>postmap</c> command.</summary>
    public string PostmapProgram { get; init; } = "postmap";

    /// <summary>The <c>postalias</c> command.</summary>
    public string PostaliasProgram { get; init; } = "postalias";

    /// <summary>When <c>postfix -c DIR check</c> runs.</summary>
    public PostfixCheckMode PostfixCheck { get; init; } = PostfixCheckMode.WhenInstalled;

    /// <summary>Reload a running Postfix after a successful commit that changed something.</summary>
    public bool Reload { get; init; } = true;

    /// <summary>Where previous versions are kept for undo (null: <c>.postfix-net/history</c> in the configuration directory).</summary>
    public string? HistoryDirectory { get; init; }

    /// <summary>How many committed change sets the history keeps (the oldest go first).</summary>
    public int HistoryLimit { get; init; } = 20;

    /// <summary>The clock for history entry names (null: the system clock).</summary>
    public TimeProvider? TimeProvider { get; init; }
}
