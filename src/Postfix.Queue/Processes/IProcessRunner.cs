using ConfigProcesses = Postfix.Config.Processes;

namespace Postfix.Queue.Processes;

/// <summary>
/// The Postfix.Queue 1.0 name of the runner seam. The seam itself is <see cref="ConfigProcesses.IProcessRunner"/>
/// (Postfix.Config), which Postfix.Queue uses; this interface derives from it so that a runner written against
/// Postfix.Queue 1.0 still plugs in everywhere. New code implements <see cref="ConfigProcesses.IProcessRunner"/>.
/// </summary>
public interface IProcessRunner : ConfigProcesses.IProcessRunner
{
    /// <summary>Starts <paramref name="program"/> with exactly these arguments (no shell is involved).</summary>
    new IRunningProcess Start(string program, IReadOnlyList<string> arguments);

    /// <inheritdoc/>
    ConfigProcesses.IRunningProcess ConfigProcesses.IProcessRunner.Start(string program, IReadOnlyList<string> arguments) => Start(program, arguments);
}
