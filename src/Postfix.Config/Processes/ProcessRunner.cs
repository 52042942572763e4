using System.Diagnostics;

namespace Postfix.Config.Processes;

/// <summary>
/// The real <see cref="IProcessRunner"/>: <see cref="ProcessStartInfo.ArgumentList"/>, never a shell. Every argument is
/// checked first (no NUL, no line break), and the program must be a bare name or an absolute path.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    /// <summary>The shared instance.</summary>
    public static ProcessRunner Instance { get; } = new();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The program name or an argument is not acceptable.</exception>
    public IRunningProcess Start(string program, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(arguments);
        ProcessArguments.ValidateProgram(program);
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            ProcessArguments.ValidateArgument(argument);
            psi.ArgumentList.Add(argument);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        return new Running(process);
    }

    private sealed class Running : IRunningProcess
    {
        private readonly Process _process;

        public Running(Process process) => _process = process;

        public Stream StandardInput => _process.StandardInput.BaseStream;

        public Stream StandardOutput => _process.StandardOutput.BaseStream;

        public Stream StandardError => _process.StandardError.BaseStream;

        public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return _process.ExitCode;
        }

        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
