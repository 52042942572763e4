using System.IO.Abstractions;
using System.Text;

namespace Postfix.Cli;

/// <summary>Everything a command talks to: standard streams, the environment and the file system (all replaceable in tests).</summary>
internal sealed class CliContext
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    public CliContext(Stream stdin, Stream stdout, Stream stderr, IFileSystem fileSystem, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        StdinStream = stdin;
        StdoutStream = stdout;
        StderrStream = stderr;
        FileSystem = fileSystem;
        Environment = environment;
        CancellationToken = cancellationToken;
        Out = new StreamWriter(stdout, Utf8NoBom, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        Error = new StreamWriter(stderr, Utf8NoBom, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        In = new StreamReader(stdin, Utf8NoBom, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
    }

    /// <summary>Raw standard input (for byte-exact input).</summary>
    public Stream StdinStream { get; }

    /// <summary>Raw standard output (for byte-exact output, such as postconf's).</summary>
    public Stream StdoutStream { get; }

    /// <summary>Raw standard error.</summary>
    public Stream StderrStream { get; }

    /// <summary>Standard input as text (UTF-8).</summary>
    public TextReader In { get; }

    /// <summary>Standard output as text (UTF-8, LF newlines, flushed at once).</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error as text (UTF-8, LF newlines, flushed at once).</summary>
    public TextWriter Error { get; }

    public IFileSystem FileSystem { get; }

    /// <summary>Reads an environment variable (MAIL_CONFIG and the like).</summary>
    public Func<string, string?> Environment { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Whether standard output is a terminal (qshape then shows interim results).</summary>
    public bool StdoutIsTerminal { get; init; }

    public static CliContext ForConsole(CancellationToken cancellationToken) => new(
        OpenStandardInput(),
        Console.OpenStandardOutput(),
        Console.OpenStandardError(),
        new FileSystem(),
        System.Environment.GetEnvironmentVariable,
        cancellationToken)
    {
        StdoutIsTerminal = !Console.IsOutputRedirected,
    };

    /// <summary>
    /// Standard input as a file stream on descriptor 0, so that a redirected regular file can seek (postcat seeks in its
    /// input like the C program does); the console stream when that is not possible.
    /// </summary>
    private static Stream OpenStandardInput()
    {
        try
        {
            return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Console.OpenStandardInput();
        }
    }

    /// <summary>Writes bytes to standard output exactly as given.</summary>
    public void WriteOutBytes(ReadOnlySpan<byte> bytes)
    {
        Out.Flush();
        StdoutStream.Write(bytes);
        StdoutStream.Flush();
    }
}
