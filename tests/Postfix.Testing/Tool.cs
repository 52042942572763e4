using System.Diagnostics;

namespace Postfix.Testing;

/// <summary>
/// Runs a real program (postconf, postmap, openssl, …) without a shell: arguments go through
/// <see cref="ProcessStartInfo.ArgumentList"/>, stdin is fed as bytes, stdout and stderr come back as bytes.
/// </summary>
public static class Tool
{
    /// <summary>Runs <paramref name="program"/> and waits for it (default limit 120 s, then it is killed and this throws).</summary>
    public static async Task<ToolResult> RunAsync(
        string program,
        IEnumerable<string> args,
        byte[]? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var outTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errTask = process.StandardError.BaseStream.CopyToAsync(stderr);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading all of its input; its output still tells what happened.
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish in time");
        }

        await Task.WhenAll(outTask, errTask);
        return new ToolResult(process.ExitCode, stdout.ToArray(), stderr.ToArray());
    }

    /// <summary>Runs a program synchronously (see <see cref="RunAsync"/>).</summary>
    public static ToolResult Run(string program, IEnumerable<string> args, byte[]? stdin = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        RunAsync(program, args, stdin, environment, timeout).GetAwaiter().GetResult();

    /// <summary>The full path of <paramref name="program"/> on PATH (plus /usr/sbin and /sbin), or null.</summary>
    public static string? Find(string program)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/usr/lib/postfix/sbin"]);
        foreach (var dir in path)
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
