using System.ComponentModel;
using System.IO.Abstractions;
using System.Text;
using Postfix.Config.Processes;

namespace Postfix.Config.Tests.Apply;

/// <summary>
/// A fake <see cref="IProcessRunner"/> for change-set tests: records every command line, answers <c>postfix status</c>
/// with "running", and plays <c>postmap</c>/<c>postalias</c> by writing a database file next to the source (its content
/// is the source's bytes, so a test can tell which source a database was built from). <see cref="Fail"/> makes chosen
/// commands exit 1; <see cref="Missing"/> makes chosen programs "not installed".
/// </summary>
internal sealed class FakeRunner : IProcessRunner
{
    private readonly IFileSystem _fs;

    public FakeRunner(IFileSystem fs) => _fs = fs;

    public List<string> Calls { get; } = [];

    /// <summary>Command lines (or prefixes of them) that exit 1, for example <c>postfix -c /etc/postfix check</c>.</summary>
    public List<string> Fail { get; } = [];

    /// <summary>Programs that cannot be started.</summary>
    public HashSet<string> Missing { get; } = [];

    public bool Running { get; set; } = true;

    public IRunningProcess Start(string program, IReadOnlyList<string> arguments)
    {
        if (Missing.Contains(program))
        {
            throw new Win32Exception(2, "No such file or directory");
        }

        var line = program + " " + string.Join(' ', arguments);
        Calls.Add(line);
        var failIndex = Fail.FindIndex(f => line.StartsWith(f, StringComparison.Ordinal));
        if (failIndex >= 0)
        {
            Fail.RemoveAt(failIndex);
            return new Process(1, "", program + ": fatal: injected failure\n");
        }

        if (program == "postfix" && arguments[^1] == "status")
        {
            return new Process(Running ? 0 : 1, "", "");
        }

        if (program is "postmap" or "postalias")
        {
            var table = arguments[^1];
            var colon = table.IndexOf(':', StringComparison.Ordinal);
            var type = table[..colon];
            var source = table[(colon + 1)..];
            var suffix = type switch { "hash" or "btree" => ".db", "lmdb" => ".lmdb", "cdb" => ".cdb", _ => ".pag" };
            _fs.File.WriteAllBytes(source + suffix, [.. "DB:"u8, .. _fs.File.ReadAllBytes(source)]);
        }

        return new Process(0, "", "");
    }

    private sealed class Process(int exit, string stdout, string stderr) : IRunningProcess
    {
        public Stream StandardInput { get; } = new MemoryStream();

        public Stream StandardOutput { get; } = new MemoryStream(Encoding.UTF8.GetBytes(stdout));

        public Stream StandardError { get; } = new MemoryStream(Encoding.UTF8.GetBytes(stderr));

        public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => Task.FromResult(exit);

        public void Kill()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
