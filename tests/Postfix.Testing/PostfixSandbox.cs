using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Postfix.Testing;

/// <summary>
/// A private, loopback-only Postfix instance in a fresh directory (<c>postfix -c DIR</c>): no chroot, its own queue,
/// log file and smtpd port, mail to the outside world going to the dead port <c>[127.0.0.1]:9</c>. Nothing in
/// /etc/postfix is touched. Call <see cref="RealPostfix.Require"/> before creating one.
/// </summary>
public sealed class PostfixSandbox : IAsyncDisposable
{
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private readonly List<SmtpSink> _sinks = [];
    private bool _started;

    private PostfixSandbox(string root, int smtpPort)
    {
        Root = root;
        SmtpPort = smtpPort;
    }

    /// <summary>The instance's top directory (0755, traversable by user postfix).</summary>
    public string Root { get; }

    /// <summary>The config directory (main.cf, master.cf, transport).</summary>
    public string ConfigDirectory => Path.Combine(Root, "etc");

    /// <summary>The queue directory.</summary>
    public string QueueDirectory => Path.Combine(Root, "spool");

    /// <summary>The log file (maillog_file).</summary>
    public string LogFile => Path.Combine(Root, "log", "maillog");

    /// <summary>The texthash transport map (<c>transport_maps = texthash:…</c>).</summary>
    public string TransportFile => Path.Combine(ConfigDirectory, "transport");

    /// <summary>The loopback port of the instance's smtpd (<c>127.0.0.1:PORT inet … smtpd</c> in master.cf).</summary>
    public int SmtpPort { get; }

    /// <summary>The host name of the instance (<c>myhostname</c>).</summary>
    public string HostName => "pftest.test";

    /// <summary>Creates and configures an instance (not started): main.cf, master.cf, <c>postfix check</c>.</summary>
    public static async Task<PostfixSandbox> CreateAsync(PostfixSandboxOptions? options = null)
    {
        options ??= new PostfixSandboxOptions();
        var root = Path.Combine(Path.GetTempPath(), "pfnet-sandbox-" + Guid.NewGuid().ToString("N")[..12]);
        var box = new PostfixSandbox(root, FreePort());
        try
        {
            await box.ConfigureAsync(options);
        }
        catch
        {
            await box.DisposeAsync();
            throw;
        }

        return box;
    }

    /// <summary>A free TCP port on 127.0.0.1 (free at the time of the call).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Runs <c>postconf -c DIR args…</c>.</summary>
    public Task<ToolResult> PostconfAsync(params string[] args) => Tool.RunAsync("postconf", ["-c", ConfigDirectory, .. args]);

    /// <summary>Runs <c>postconf -c DIR args…</c> and fails when it does not exit 0.</summary>
    public async Task PostconfCheckedAsync(params string[] args)
    {
        var result = await PostconfAsync(args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"postconf {string.Join(' ', args)} failed: {result}");
        }
    }

    /// <summary>Runs a real program with <c>MAIL_CONFIG</c> set to this instance's config directory.</summary>
    public Task<ToolResult> Run(string program, params string[] args) =>
        Tool.RunAsync(program, args, environment: new Dictionary<string, string> { ["MAIL_CONFIG"] = ConfigDirectory });

    /// <summary>Runs a real program with stdin and <c>MAIL_CONFIG</c> set.</summary>
    public Task<ToolResult> RunWithInput(string program, byte[] stdin, params string[] args) =>
        Tool.RunAsync(program, args, stdin, new Dictionary<string, string> { ["MAIL_CONFIG"] = ConfigDirectory });

    /// <summary>Replaces the transport map. Takes effect at start, or after <see cref="ReloadAsync"/>.</summary>
    public async Task WriteTransportAsync(string text)
    {
        await File.WriteAllTextAsync(TransportFile, text);
        RealPostfix.Age(TransportFile);
    }

    /// <summary><c>postfix -c DIR start</c>, then waits until <c>postfix status</c> says it runs.</summary>
    public async Task StartAsync()
    {
        // postfix start reads main.cf; make sure it is not "too new" (Postfix waits for fresh files).
        RealPostfix.Age(Path.Combine(ConfigDirectory, "main.cf"));
        RealPostfix.Age(Path.Combine(ConfigDirectory, "master.cf"));
        await StartGate.WaitAsync();
        try
        {
            var start = await PostfixAsync("start");
            if (start.ExitCode != 0)
            {
                throw new InvalidOperationException($"postfix start failed: {start}\nlog:\n{await ReadLogAsync()}");
            }
        }
        finally
        {
            StartGate.Release();
        }

        _started = true;
        for (var i = 0; i < 100; i++)
        {
            if ((await PostfixAsync("status")).ExitCode == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("postfix did not report running after start");
    }

    /// <summary><c>postfix -c DIR reload</c>.</summary>
    public async Task ReloadAsync()
    {
        var result = await PostfixAsync("reload");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"postfix reload failed: {result}");
        }
    }

    /// <summary><c>postfix -c DIR stop</c> (no error when it is not running).</summary>
    public async Task StopAsync()
    {
        if (_started)
        {
            await PostfixAsync("stop");
            _started = false;
        }
    }

    /// <summary>Runs <c>postfix -c DIR command</c> (start, stop, status, check, reload, flush …).</summary>
    public Task<ToolResult> PostfixAsync(string command) => Tool.RunAsync("postfix", ["-c", ConfigDirectory, command]);

    /// <summary>Starts an <c>smtp-sink</c> on a free loopback port that lives as long as this sandbox.</summary>
    public async Task<SmtpSink> StartSmtpSinkAsync(params string[] extraArgs)
    {
        var sink = await SmtpSink.StartAsync(extraArgs);
        _sinks.Add(sink);
        return sink;
    }

    /// <summary>
    /// Submits a message with <c>sendmail -C DIR -f FROM -- RCPT…</c>. <paramref name="from"/> "" gives the null sender
    /// (shown as MAILER-DAEMON).
    /// </summary>
    public async Task SendMailAsync(string from, IReadOnlyList<string> recipients, IReadOnlyDictionary<string, string>? extraHeaders = null, string? body = null)
    {
        var message = new StringBuilder();
        message.Append("From: ").Append(from.Length == 0 ? "MAILER-DAEMON" : from).Append('\n');
        message.Append("To: ").Append(string.Join(", ", recipients)).Append('\n');
        message.Append("Subject: sandbox test\n");
        foreach (var (k, v) in extraHeaders ?? new Dictionary<string, string>())
        {
            message.Append(k).Append(": ").Append(v).Append('\n');
        }

        message.Append('\n').Append(body ?? "test message\n");
        var result = await Tool.RunAsync(
            "sendmail",
            ["-C", ConfigDirectory, "-f", from, "--", .. recipients],
            Encoding.UTF8.GetBytes(message.ToString()));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"sendmail failed: {result}");
        }
    }

    /// <summary>The queue as <c>postqueue -c DIR -j</c> prints it: one parsed JSON document per message.</summary>
    public async Task<IReadOnlyList<JsonDocument>> QueueJsonAsync()
    {
        var result = await Tool.RunAsync("postqueue", ["-c", ConfigDirectory, "-j"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"postqueue -j failed: {result}");
        }

        return result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).ToList();
    }

    /// <summary>
    /// Waits until no message is in <c>maildrop</c> or <c>incoming</c> and at most <paramref name="expectedActive"/>
    /// are <c>active</c> (delivery is asynchronous). Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForQueueSettledAsync(int expectedActive = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        string last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var queue = await QueueJsonAsync();
            var names = queue.Select(d => d.RootElement.GetProperty("queue_name").GetString()).ToList();
            last = string.Join(",", names);
            if (!names.Any(n => n is "maildrop" or "incoming") && names.Count(n => n == "active") <= expectedActive)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"queue did not settle: {last}");
    }

    /// <summary>The log so far ("" when nothing was logged yet).</summary>
    public async Task<string> ReadLogAsync()
    {
        if (!File.Exists(LogFile))
        {
            return string.Empty;
        }

        await using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Waits until the log contains <paramref name="text"/> (logging is asynchronous); true when it does.</summary>
    public async Task<bool> WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if ((await ReadLogAsync()).Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            foreach (var sink in _sinks)
            {
                sink.Dispose();
            }

            try
            {
                if (Directory.Exists(Root))
                {
                    Directory.Delete(Root, recursive: true);
                }
            }
            catch (IOException)
            {
                // A daemon may still be closing a file; the directory is in /tmp and harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task ConfigureAsync(PostfixSandboxOptions options)
    {
        foreach (var dir in new[] { Root, ConfigDirectory, QueueDirectory, Path.Combine(Root, "log") })
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        await File.WriteAllBytesAsync(LogFile, []);
        await Chown("postfix", LogFile);
        File.Copy("/usr/share/postfix/master.cf.dist", Path.Combine(ConfigDirectory, "master.cf"));
        await File.WriteAllBytesAsync(Path.Combine(ConfigDirectory, "main.cf"), []);
        await File.WriteAllTextAsync(TransportFile, options.Transport ?? string.Empty);
        RealPostfix.Age(TransportFile);

        var settings = new List<string>
        {
            "compatibility_level = 3.6",
            $"queue_directory = {QueueDirectory}",
            $"data_directory = {Path.Combine(Root, "data")}",
            $"myhostname = {HostName}",
            "mydomain = test",
            "myorigin = $myhostname",
            "mydestination = $myhostname, localhost",
            "inet_interfaces = loopback-only",
            "inet_protocols = all",
            "mynetworks = 127.0.0.0/8 [::1]/128",
            "relayhost = [127.0.0.1]:9",
            "smtp_dns_support_level = disabled",
            $"transport_maps = texthash:{TransportFile}",
            "alias_maps =",
            "alias_database =",
            "syslog_name = pftest",
            "maillog_file_prefixes = /var, /dev/stdout, /tmp",
            $"maillog_file = {LogFile}",
            $"enable_long_queue_ids = {(options.LongQueueIds ? "yes" : "no")}",
        };
        settings.AddRange(options.MainCf.Select(kv => $"{kv.Key} = {kv.Value}"));
        await PostconfCheckedAsync(["-e", .. settings]);
        await PostconfCheckedAsync("-F", "*/*/chroot = n");
        await PostconfCheckedAsync("-MX", "smtp/inet");
        await PostconfCheckedAsync("-M", $"127.0.0.1:{SmtpPort}/inet = 127.0.0.1:{SmtpPort} inet n - n - - smtpd");
        RealPostfix.Age(Path.Combine(ConfigDirectory, "main.cf"));
        RealPostfix.Age(Path.Combine(ConfigDirectory, "master.cf"));
        var check = await PostfixAsync("check");
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"postfix check failed: {check}");
        }
    }

    private static async Task Chown(string owner, string path)
    {
        var result = await Tool.RunAsync("chown", [owner, path]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {owner} {path} failed: {result}");
        }
    }
}
