using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// <c>memcache:</c> over a plain socket (<c>inet:host:port</c> or <c>unix:/path</c>) with memcached's text protocol:
/// <c>get KEY</c>; on a miss the <c>backup</c> table is asked and a hit is written back with <c>set</c>. Failed
/// requests are retried <c>max_try</c> times, <c>retry_pause</c> seconds apart; a connect failure ends the request.
/// </summary>
internal sealed class MemcacheLookupTable : DatabaseLookupTable
{
    private readonly Func<string, ILookupTable>? _openBackup;
    private ILookupTable? _backup;
    private Socket? _socket;
    private NetworkStream? _stream;

    public MemcacheLookupTable(DatabaseTableConfiguration configuration, LookupTableOptions options, Func<string, ILookupTable>? openBackup = null)
        : base(configuration, options)
    {
        _openBackup = openBackup;
    }

    internal Func<string, ILookupTable>? BackupOpener { get; init; }

    private ILookupTable? Backup
    {
        get
        {
            if (_backup is null && Configuration.Backup is { } b)
            {
                var open = _openBackup ?? BackupOpener ?? (n => new LookupTableFactory().Open(n, Options));
                _backup = open(b);
            }

            return _backup;
        }
    }

    private protected override DatabaseLookupResult Query(string? searchKey, Action<string>? warn)
    {
        var key = Configuration.BuildMemcacheKey(searchKey!, out var spaced);
        if (key is null || spaced)
        {
            return DatabaseLookupResult.NotFound;
        }

        var (ttl, flags, maxTry, pause, lineLimit, dataLimit) = Configuration.MemcacheLimits;
        var name = Configuration.RawName;
        byte[]? value = null;
        var failed = true;
        for (var count = 0; count < maxTry; count++)
        {
            if (count > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(pause));
            }

            if (!EnsureConnected(warn))
            {
                break;
            }

            try
            {
                Send("get " + key + "\r\n");
                var line = ReadLine(lineLimit);
                if (line == "END")
                {
                    failed = false;
                    break;
                }

                var parts = line.Split(' ');
                if (parts.Length < 4 || parts[0] != "VALUE" || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var todo) || todo < 0 || todo > dataLimit)
                {
                    if (count > 0)
                    {
                        warn?.Invoke($"{name}: unexpected memcache server reply: {(line.Length > 30 ? line[..30] : line)}");
                    }

                    Recover();
                    continue;
                }

                var data = ReadExactly((int)todo + 2);
                value = data[..(int)todo];
                if (ReadLine(lineLimit) != "END")
                {
                    Recover();
                }

                failed = false;
                break;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                if (count > 0)
                {
                    warn?.Invoke($"database memcache:{name}: I/O error: {Strerror(e)}");
                }

                Recover();
            }
        }

        if (failed)
        {
            return DatabaseLookupResult.Failed(_lastError ?? "Application error");
        }

        if (value is not null)
        {
            return DatabaseLookupResult.Found(value);
        }

        if (Backup is { } backup)
        {
            string? hit;
            try
            {
                hit = backup is DatabaseLookupTable db ? Decode(db.LookupBytes(ByteText.ToBytes(searchKey!), warn)) : backup.Lookup(ByteText.ToDisplay(searchKey!));
            }
            catch (DatabaseLookupException e)
            {
                return DatabaseLookupResult.Failed(e.Message);
            }

            if (hit is null)
            {
                return DatabaseLookupResult.NotFound;
            }

            var bytes = Encoding.UTF8.GetBytes(hit);
            try
            {
                if (EnsureConnected(warn))
                {
                    Send(string.Create(CultureInfo.InvariantCulture, $"set {key} {flags} {ttl} {bytes.Length}\r\n"));
                    _stream!.Write(bytes);
                    Send("\r\n");
                    ReadLine(lineLimit);
                }
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                Recover();
            }

            return DatabaseLookupResult.Found(bytes);
        }

        return DatabaseLookupResult.NotFound;
    }

    private static string? Decode(DatabaseLookupResult r) => r.Status switch
    {
        DatabaseLookupStatus.Found => r.Value,
        DatabaseLookupStatus.Error => throw new DatabaseLookupException(r.Error ?? string.Empty),
        _ => null,
    };

    private string? _lastError;

    private static string Strerror(Exception e) => e switch
    {
        SocketException { SocketErrorCode: SocketError.TimedOut } => "Connection timed out",
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } } => "Connection timed out",
        IOException { InnerException: SocketException s } => s.Message,
        _ => e.Message,
    };

    private bool EnsureConnected(Action<string>? warn)
    {
        if (_stream is not null)
        {
            return true;
        }

        var endpoint = Configuration.Hosts[0];
        var timeout = TimeSpan.FromSeconds(Math.Max(1, Configuration.Timeout));
        Socket? s = null;
        try
        {
            if (endpoint.StartsWith("unix:", StringComparison.Ordinal))
            {
                s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                s.Connect(new UnixDomainSocketEndPoint(endpoint[5..]));
            }
            else
            {
                var hp = endpoint.StartsWith("inet:", StringComparison.Ordinal) ? endpoint[5..] : endpoint;
                var colon = hp.LastIndexOf(':');
                var host = colon >= 0 ? hp[..colon] : hp;
                var port = colon >= 0 ? int.Parse(hp[(colon + 1)..], CultureInfo.InvariantCulture) : 11211;
                s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                using var cts = new CancellationTokenSource(timeout);
                s.ConnectAsync(host.Trim('[', ']'), port, cts.Token).AsTask().GetAwaiter().GetResult();
            }

            s.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            s.SendTimeout = (int)timeout.TotalMilliseconds;
            _socket = s;
            _stream = new NetworkStream(s, ownsSocket: true);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or FormatException)
        {
            s?.Dispose();
            var hp = endpoint.StartsWith("inet:", StringComparison.Ordinal) || endpoint.StartsWith("unix:", StringComparison.Ordinal) ? endpoint[5..] : endpoint;
            _lastError = e is OperationCanceledException ? "Connection timed out" : e is SocketException se && se.SocketErrorCode == SocketError.ConnectionRefused ? "Connection refused" : e.Message;
            warn?.Invoke($"connect to {ByteText.FromDisplay(hp)}: {_lastError}");
            return false;
        }
    }

    private void Recover()
    {
        _stream?.Dispose();
        _stream = null;
        _socket = null;
    }

    private void Send(string byteText) => _stream!.Write(ByteText.ToBytes(byteText));

    private string ReadLine(int limit)
    {
        var sb = new StringBuilder();
        while (true)
        {
            var b = _stream!.ReadByte();
            if (b < 0)
            {
                throw new IOException("EOF");
            }

            if (b == '\n')
            {
                break;
            }

            if (sb.Length < limit)
            {
                sb.Append((char)b);
            }
        }

        if (sb.Length > 0 && sb[^1] == '\r')
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    private byte[] ReadExactly(int n)
    {
        var buf = new byte[n];
        _stream!.ReadExactly(buf);
        return buf;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Recover();
            (_backup as IDisposable)?.Dispose();
        }

        base.Dispose(disposing);
    }
}
