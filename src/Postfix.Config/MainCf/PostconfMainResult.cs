using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>What a postconf-compatible main.cf display produced: the exact standard output, warnings and fatal error.</summary>
public sealed class PostconfMainResult
{
    private readonly IReadOnlyList<string> _rawWarnings;
    private readonly string? _rawFatal;

    internal PostconfMainResult(string output, IReadOnlyList<string> rawWarnings, string? rawFatal)
    {
        Output = ByteText.ToBytes(output);
        _rawWarnings = rawWarnings;
        _rawFatal = rawFatal;
        Warnings = [.. rawWarnings.Select(ByteText.ToDisplay)];
        Fatal = rawFatal is null ? null : ByteText.ToDisplay(rawFatal);
    }

    /// <summary>Standard output, byte for byte as postconf writes it.</summary>
    public ReadOnlyMemory<byte> Output { get; }

    /// <summary>Warnings as postconf prints them after <c>postconf: warning: </c>, in order.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The message postconf prints after <c>postconf: fatal: </c>, or null.</summary>
    public string? Fatal { get; }

    /// <summary>postconf's exit status: 1 after a fatal error, else 0.</summary>
    public int ExitCode => Fatal is null ? 0 : 1;

    /// <summary>
    /// Standard error as postconf writes it: each warning and the fatal error after <c>PROGRAM: warning: </c> or
    /// <c>PROGRAM: fatal: </c>, with every byte outside printable ASCII shown as <c>?</c> (Postfix's msg_output).
    /// </summary>
    /// <param name="program">The program name at the start of each line.</param>
    public byte[] FormatErrorOutput(string program = "postconf")
    {
        ArgumentNullException.ThrowIfNull(program);
        var text = new StringBuilder();
        foreach (var w in _rawWarnings)
        {
            text.Append(program).Append(": warning: ").Append(Printable(w)).Append('\n');
        }

        if (_rawFatal is not null)
        {
            text.Append(program).Append(": fatal: ").Append(Printable(_rawFatal)).Append('\n');
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>Postfix's <c>printable(s, '?')</c> on byte text.</summary>
    internal static string Printable(string byteText) => PostfixText.PrintableByteText(byteText, utf8: false);
}
