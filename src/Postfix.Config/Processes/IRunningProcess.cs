namespace Postfix.Config.Processes;

/// <summary>A started program: its three standard streams and its exit.</summary>
public interface IRunningProcess : IAsyncDisposable
{
    /// <summary>The program's standard input (close it to signal end of input).</summary>
    Stream StandardInput { get; }

    /// <summary>The program's standard output.</summary>
    Stream StandardOutput { get; }

    /// <summary>The program's standard error.</summary>
    Stream StandardError { get; }

    /// <summary>Waits for the program to exit and returns its exit code.</summary>
    Task<int> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Ends the program (and its children) if it is still running.</summary>
    void Kill();
}
