using ConfigProcesses = Postfix.Config.Processes;

namespace Postfix.Queue.Processes;

/// <summary>
/// The Postfix.Queue 1.0 name of the real runner: every start goes to <see cref="ConfigProcesses.ProcessRunner"/>
/// (<c>ProcessStartInfo.ArgumentList</c>, never a shell, every argument checked).
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    /// <summary>The shared instance.</summary>
    public static ProcessRunner Instance { get; } = new();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The program name or an argument is not acceptable.</exception>
    public IRunningProcess Start(string program, IReadOnlyList<string> arguments) =>
        RunningProcessAdapter.Wrap(ConfigProcesses.ProcessRunner.Instance.Start(program, arguments));
}
