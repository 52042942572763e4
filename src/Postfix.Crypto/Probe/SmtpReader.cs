using System.Globalization;
using System.Text;

namespace Postfix.Crypto.Probe;

/// <summary>Reads SMTP replies (RFC 5321 §4.2: <c>ddd-text</c> continuation lines, <c>ddd text</c> last line) with limits.</summary>
internal sealed class SmtpReader
{
    private const int MaxLineLength = 4096;
    private const int MaxLines = 1000;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public SmtpReader(Stream stream) => _stream = stream;

    /// <summary>Whether bytes beyond the last reply have arrived.</summary>
    public bool HasBufferedData => _end > _start;

    /// <exception cref="InvalidDataException">A malformed or oversized reply.</exception>
    /// <exception cref="IOException">The connection closed.</exception>
    public async Task<(int Code, IReadOnlyList<string> Lines)> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line.Length < 3 || !line[..3].All(char.IsAsciiDigit) || (line.Length > 3 && line[3] != ' ' && line[3] != '-'))
            {
                throw new InvalidDataException($"not an SMTP reply line: \"{Printable(line)}\"");
            }

            lines.Add(line);
            var code = int.Parse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
            if (lines.Count > 1 && !lines[0].StartsWith(line[..3], StringComparison.Ordinal))
            {
                throw new InvalidDataException("reply code changed within a multi-line reply");
            }

            if (line.Length == 3 || line[3] == ' ')
            {
                return (code, lines);
            }

            if (lines.Count >= MaxLines)
            {
                throw new InvalidDataException($"reply longer than {MaxLines} lines");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    throw new IOException("the server closed the connection");
                }
            }

            var b = _buffer[_start++];
            if (b == (byte)'\n')
            {
                if (line.Count > 0 && line[^1] == (byte)'\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return Encoding.Latin1.GetString([.. line]);
            }

            line.Add(b);
            if (line.Count > MaxLineLength)
            {
                throw new InvalidDataException($"reply line longer than {MaxLineLength} bytes");
            }
        }
    }

    private static string Printable(string byteText) =>
        Encoding.Latin1.GetString(Postfix.Config.PostfixText.Printable(Encoding.Latin1.GetBytes(byteText[..Math.Min(100, byteText.Length)]), utf8: false));
}
