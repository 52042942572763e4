using System.Diagnostics;

namespace Postfix.Testing;

/// <summary>A running <c>smtp-sink</c> (ships with Postfix) on a loopback port; disposed = killed.</summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process _process;

    private SmtpSink(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts <c>smtp-sink -u nobody [extraArgs] 127.0.0.1:PORT 100</c> on a free port and waits until it accepts
    /// connections. Example extra arguments: <c>-r RCPT</c> (450 to RCPT), <c>-t 3600 -W ehlo:3600</c> (stall).
    /// </summary>
    public static async Task<SmtpSink> StartAsync(params string[] extraArgs)
    {
        var port = PostfixSandbox.FreePort();
        var psi = new ProcessStartInfo(Tool.Find("smtp-sink") ?? throw new InvalidOperationException("smtp-sink not installed"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-u");
        psi.ArgumentList.Add("nobody");
        foreach (var a in extraArgs)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add($"127.0.0.1:{port}");
        psi.ArgumentList.Add("100");
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start smtp-sink");
        var sink = new SmtpSink(process, port);
        for (var i = 0; i < 100; i++)
        {
            if (PostfixSandbox.IsListening(port))
            {
                return sink;
            }

            await Task.Delay(50);
        }

        sink.Dispose();
        throw new InvalidOperationException("smtp-sink did not start listening");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
