using System.Text;

namespace Postfix.Testing;

/// <summary>What a real program did: exit code and the exact bytes it wrote.</summary>
public sealed record ToolResult(int ExitCode, byte[] Stdout, byte[] Stderr)
{
    /// <summary>Standard output decoded as UTF-8 (for assertions on text; compare <see cref="Stdout"/> for bytes).</summary>
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>Standard error decoded as UTF-8.</summary>
    public string StderrText => Encoding.UTF8.GetString(Stderr);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdoutText}\nstderr:\n{StderrText}";
}
