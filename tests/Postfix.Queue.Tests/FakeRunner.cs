using System.Text;
using Postfix.Config.Processes;

namespace Postfix.Queue.Tests;

/// <summary>A scripted <see cref="IProcessRunner"/>: answers per program, records every start and what was written to stdin.</summary>
internal sealed class FakeRunner : IProcessRunner
{
    private readonly Func<string, IReadOnlyList<string>, string, (int Exit, string Stdout, string Stderr)> _answer;

    /// <param name="answer">(program, arguments, stdin so far is not known at start: the answer is computed when stdin is closed) → result.</param>
    public FakeRunner(Func<string, IReadOnlyList<string>, string, (int Exit, string Stdout, string Stderr)> answer) => _answer = answer;

    public List<(string Program, IReadOnlyList<string> Args, Func<string> Stdin)> Started { get; } = [];

    public IRunningProcess Start(string program, IReadOnlyList<string> arguments)
    {
        ProcessArguments.ValidateProgram(program);
        foreach (var a in arguments)
        {
            ProcessArguments.ValidateArgument(a);
        }

        var process = new FakeProcess(stdin => _answer(program, arguments, stdin));
        Started.Add((program, arguments, () => process.StdinText));
        return process;
    }

    /// <summary>A postconf answer for a given version and empty_address_recipient.</summary>
    public static (int, string, string) Postconf(string version = "3.7.11", string empty = "MAILER-DAEMON") => (0, $"{version}\n{empty}\n", string.Empty);

    private sealed class FakeProcess : IRunningProcess
    {
        private readonly Func<string, (int Exit, string Stdout, string Stderr)> _answer;
        private readonly Pipe _stdout = new();
        private readonly Pipe _stderr = new();
        private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CapturingStream _stdin;

        public FakeProcess(Func<string, (int Exit, string Stdout, string Stderr)> answer)
        {
            _answer = answer;
            _stdin = new CapturingStream(Complete);
        }

        public string StdinText => Encoding.UTF8.GetString(_stdin.ToArray());

        public Stream StandardInput => _stdin;

        public Stream StandardOutput => _stdout.Reader;

        public Stream StandardError => _stderr.Reader;

        public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => _exit.Task.WaitAsync(cancellationToken);

        public void Kill() => Complete();

        public ValueTask DisposeAsync()
        {
            Complete();
            return ValueTask.CompletedTask;
        }

        private void Complete()
        {
            if (_exit.Task.IsCompleted)
            {
                return;
            }

            var (exit, stdout, stderr) = _answer(StdinText);
            _stdout.Finish(Encoding.UTF8.GetBytes(stdout));
            _stderr.Finish(Encoding.UTF8.GetBytes(stderr));
            _exit.TrySetResult(exit);
        }
    }

    /// <summary>Output that becomes readable once the fake process "ran" (when its stdin was closed).</summary>
    private sealed class Pipe
    {
        private readonly TaskCompletionSource<byte[]> _data = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Pipe() => Reader = new PipeReaderStream(_data.Task);

        public Stream Reader { get; }

        public void Finish(byte[] bytes) => _data.TrySetResult(bytes);
    }

    private sealed class PipeReaderStream(Task<byte[]> data) : Stream
    {
        private MemoryStream? _inner;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            _inner ??= new MemoryStream(data.GetAwaiter().GetResult());
            return _inner.Read(buffer, offset, count);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _inner ??= new MemoryStream(await data.WaitAsync(cancellationToken));
            return _inner.Read(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class CapturingStream(Action onClose) : MemoryStream
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            onClose();
        }
    }
}
