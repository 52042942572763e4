using System.Text;
using Postfix.Config;

namespace Postfix.Cli.Commands;

/// <summary>
/// postconf's output channels, byte for byte: standard output as written (postconf does not sanitise it), and
/// standard error through Postfix's <c>msg_output</c>, which turns every byte outside printable ASCII into <c>?</c>.
/// All text here is byte text (one char per byte).
/// </summary>
internal sealed class PostconfOutput(CliContext context)
{
    /// <summary>Writes byte text to standard output unchanged.</summary>
    public void Out(string byteText) => context.WriteOutBytes(Encoding.Latin1.GetBytes(byteText));

    /// <summary><c>postconf: warning: MESSAGE</c>.</summary>
    public void Warning(string byteText) => Line("postconf: warning: " + Printable(byteText));

    /// <summary><c>postconf: fatal: MESSAGE</c>.</summary>
    public void Fatal(string byteText) => Line("postconf: fatal: " + Printable(byteText));

    /// <summary>One line to standard error, as is.</summary>
    public void Line(string byteText)
    {
        context.Error.Flush();
        context.StderrStream.Write(Encoding.Latin1.GetBytes(byteText + "\n"));
        context.StderrStream.Flush();
    }

    /// <summary>Postfix's <c>printable(s, '?')</c> on byte text: bytes outside 0x20–0x7E become <c>?</c>.</summary>
    public static string Printable(string byteText) => Encoding.Latin1.GetString(PostfixText.Printable(Encoding.Latin1.GetBytes(byteText), utf8: false));

    /// <summary>Postfix's stdout buffer size (<c>VSTREAM_BUFSIZE</c>).</summary>
    public const int StdoutBufferSize = 4096;

    /// <summary>
    /// What reaches standard output: all of a display, or, when postconf dies after it started printing, only the
    /// whole 4096-byte blocks written so far (its stdout stream is fully buffered and <c>msg_fatal()</c> exits
    /// without flushing it).
    /// </summary>
    public static ReadOnlyMemory<byte> StdoutAsWritten(PostconfShowResult result) =>
        result.HasErrors ? result.Output[..(result.Output.Length / StdoutBufferSize * StdoutBufferSize)] : result.Output;

    /// <summary>Loads a document, or null when the file cannot be read (postconf then reports it its own way).</summary>
    public static async Task<T?> TryLoadAsync<T>(Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await load(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The C library's <c>strerror()</c> text for an I/O failure, as Postfix's <c>%m</c> prints it.</summary>
    public static string Strerror(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
