using ConfigProcesses = Postfix.Config.Processes;

namespace Postfix.Queue.Processes;

/// <summary>
/// The Postfix.Queue 1.0 name of a started program; it is a <see cref="ConfigProcesses.IRunningProcess"/> (the seam
/// in Postfix.Config). New code uses that interface.
/// </summary>
public interface IRunningProcess : ConfigProcesses.IRunningProcess
{
    /// <summary>The program's standard input (close it to signal end of input).</summary>
    new Stream StandardInput { get; }

    /// <summary>The program's standard output.</summary>
    new Stream StandardOutput { get; }

    /// <summary>The program's standard error.</summary>
    new Stream StandardError { get; }

    /// <inheritdoc/>
    Stream ConfigProcesses.IRunningProcess.StandardInput => StandardInput;

    /// <inheritdoc/>
    Stream ConfigProcesses.IRunningProcess.StandardOutput => StandardOutput;

    /// <inheritdoc/>
    Stream ConfigProcesses.IRunningProcess.StandardError => StandardError;

    /// <summary>Waits for the program to exit and returns its exit code.</summary>
    new Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Ends the program (and its children) if it is still running.</summary>
    new void Kill();

    /// <inheritdoc/>
    Task<int> ConfigProcesses.IRunningProcess.WaitForExitAsync(CancellationToken cancellationToken) => WaitForExitAsync(cancellationToken);

    /// <inheritdoc/>
    void ConfigProcesses.IRunningProcess.Kill() => Kill();
}
