using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Postfix.Testing;

/// <summary>
/// A minimal SMTP client for tests (loopback only): commands as raw bytes, replies read whole (multi-line), DATA with
/// dot-stuffing. Every command checks the reply code it expects and throws with the dialogue's last reply otherwise.
/// </summary>
public sealed class SmtpSession : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private SmtpSession(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1, false, 8192, leaveOpen: true);
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, reads the greeting and sends <c>EHLO helo</c>.</summary>
    public static async Task<SmtpSession> ConnectAsync(int port, string helo)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var session = new SmtpSession(client);
        await session.ExpectAsync(220);
        await session.CommandAsync($"EHLO {helo}", 250);
        return session;
    }

    /// <summary>Sends one command line (UTF-8) and checks the reply code; returns the reply text.</summary>
    public async Task<string> CommandAsync(string line, int expected)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        return await ExpectAsync(expected, line);
    }

    /// <summary><c>AUTH PLAIN</c> with a base64 "\0user\0password" (the password never appears in an exception).</summary>
    public async Task AuthPlainAsync(string user, string password)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + user + "\0" + password));
        await _stream.WriteAsync(Encoding.ASCII.GetBytes("AUTH PLAIN " + token + "\r\n"));
        await ExpectAsync(235, "AUTH PLAIN (" + user + ")");
    }

    /// <summary>
    /// MAIL FROM, RCPT TO for each recipient (each with its own parameters, e.g. <c>NOTIFY=…</c>), DATA with the message
    /// bytes (LF or CRLF line ends; dot-stuffed here). Returns the queue ID from <c>250 … queued as ID</c>.
    /// </summary>
    public async Task<string> SendAsync(string mailFrom, IEnumerable<string> rcptTo, byte[] message)
    {
        await CommandAsync("MAIL FROM:" + mailFrom, 250);
        foreach (var rcpt in rcptTo)
        {
            await CommandAsync("RCPT TO:" + rcpt, 250);
        }

        await CommandAsync("DATA", 354);
        var data = new MemoryStream(message.Length + (message.Length / 40) + 16);
        var lineStart = true;
        foreach (var b in message)
        {
            if (b == (byte)'\n')
            {
                data.WriteByte((byte)'\r');
                data.WriteByte(b);
                lineStart = true;
                continue;
            }

            if (b == (byte)'\r')
            {
                continue;
            }

            if (lineStart && b == (byte)'.')
            {
                data.WriteByte((byte)'.');
            }

            data.WriteByte(b);
            lineStart = false;
        }

        if (!lineStart)
        {
            data.Write("\r\n"u8);
        }

        data.Write(".\r\n"u8);
        data.Position = 0;
        await data.CopyToAsync(_stream);
        var reply = await ExpectAsync(250, "end of DATA");
        const string Marker = "queued as ";
        var at = reply.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"no queue ID in the reply to DATA: {reply}");
        }

        return reply[(at + Marker.Length)..].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.WriteAsync("QUIT\r\n"u8.ToArray());
            await ExpectAsync(221, "QUIT");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or SocketException)
        {
        }

        _reader.Dispose();
        _client.Dispose();
    }

    private async Task<string> ExpectAsync(int expected, string? command = null)
    {
        var text = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync() ?? throw new InvalidOperationException($"connection closed after {command}: {text}");
            text.Append(line).Append('\n');
            if (line.Length < 4 || line[3] != '-')
            {
                if (!line.StartsWith(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{command ?? "greeting"}: expected {expected}, got: {text}");
                }

                return text.ToString();
            }
        }
    }
}
