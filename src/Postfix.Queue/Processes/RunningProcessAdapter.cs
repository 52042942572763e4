using ConfigProcesses = Postfix.Config.Processes;

namespace Postfix.Queue.Processes;

/// <summary>Presents a process or runner of the Postfix.Config seam under the Postfix.Queue 1.0 interfaces.</summary>
internal sealed class RunningProcessAdapter : IRunningProcess
{
    private readonly ConfigProcesses.IRunningProcess _inner;

    private RunningProcessAdapter(ConfigProcesses.IRunningProcess inner) => _inner = inner;

    public Stream StandardInput => _inner.StandardInput;

    public Stream StandardOutput => _inner.StandardOutput;

    public Stream StandardError => _inner.StandardError;

    public static IRunningProcess Wrap(ConfigProcesses.IRunningProcess process) =>
        process as IRunningProcess ?? new RunningProcessAdapter(process);

    public static IProcessRunner Wrap(ConfigProcesses.IProcessRunner runner) =>
        runner as IProcessRunner ?? new Runner(runner);

    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _inner.WaitForExitAsync(cancellationToken);

    public void Kill() => _inner.Kill();

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private sealed class Runner(ConfigProcesses.IProcessRunner inner) : IProcessRunner
    {
        public IRunningProcess Start(string program, IReadOnlyList<string> arguments) => Wrap(inner.Start(program, arguments));
    }
}
