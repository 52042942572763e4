using System.Runtime.CompilerServices;
using Postfix.Queue.Processes;
using Postfix.Queue.Reading;
using ConfigProcesses = Postfix.Config.Processes;

namespace Postfix.Queue;

/// <summary>
/// A Postfix instance reached through its programs: <c>postconf</c>, <c>postqueue</c> and <c>postsuper</c> with
/// <c>-c DIR</c> when a configuration directory is given. Lists the live queue with <c>postqueue -j</c> (falling back
/// to <c>postqueue -p</c> before Postfix 3.1).
/// </summary>
public sealed class PostfixInstance
{
    private readonly ConfigProcesses.IProcessRunner _runner;
    private PostfixSettings? _settings;

    /// <summary>Creates the instance handle.</summary>
    /// <param name="configDirectory">The configuration directory (absolute), or null for Postfix's default.</param>
    /// <param name="runner">How programs are started (default: <see cref="ProcessRunner.Instance"/>, which starts them through <see cref="ConfigProcesses.ProcessRunner"/>).</param>
    /// <exception cref="ArgumentException">The directory is not an absolute path without control characters.</exception>
    public PostfixInstance(string? configDirectory = null, IProcessRunner? runner = null)
        : this(configDirectory, (ConfigProcesses.IProcessRunner)(runner ?? ProcessRunner.Instance))
    {
    }

    /// <summary>Creates the instance handle with a runner of the Postfix.Config seam (the one every library uses).</summary>
    /// <param name="configDirectory">The configuration directory (absolute), or null for Postfix's default.</param>
    /// <param name="runner">How programs are started.</param>
    /// <exception cref="ArgumentException">The directory is not an absolute path without control characters.</exception>
    public PostfixInstance(string? configDirectory, ConfigProcesses.IProcessRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (configDirectory is not null)
        {
            ConfigProcesses.ProcessArguments.ValidateConfigDirectory(configDirectory);
        }

        ConfigDirectory = configDirectory;
        _runner = runner;
        Runner = RunningProcessAdapter.Wrap(runner);
    }

    /// <summary>The configuration directory, or null for the default.</summary>
    public string? ConfigDirectory { get; }

    /// <summary>How programs are started (under its Postfix.Queue 1.0 type; it is also a <see cref="ConfigProcesses.IProcessRunner"/>).</summary>
    public IProcessRunner Runner { get; }

    /// <summary>Where the Postfix programs are (null: found on PATH).</summary>
    public string? CommandDirectory { get; init; }

    /// <summary>Reads <c>mail_version</c> and <c>empty_address_recipient</c> once (<c>postconf -h</c>).</summary>
    /// <exception cref="PostfixCommandException">postconf failed.</exception>
    public async Task<PostfixSettings> GetSettingsAsync(CancellationToken cancellationToken = default)
    {
        if (_settings is not null)
        {
            return _settings;
        }

        var (exit, stdout, stderr) = await RunToEndAsync("postconf", ["-h", "mail_version", "empty_address_recipient"], cancellationToken).ConfigureAwait(false);
        var lines = stdout.Split('\n');
        if (exit != 0 || lines.Length < 2)
        {
            throw new PostfixCommandException("postconf", exit, stderr);
        }

        return _settings = new PostfixSettings(lines[0].Trim(), lines[1].Trim());
    }

    /// <summary>Streams the live queue: <c>postqueue -j</c> (Postfix 3.1+) or <c>postqueue -p</c>.</summary>
    /// <param name="options">Reader options; <see cref="QueueReaderOptions.EmptyAddressRecipient"/> is taken from the instance.</param>
    /// <param name="cancellationToken">Stops reading and ends postqueue.</param>
    /// <exception cref="PostfixCommandException">postqueue or postconf failed.</exception>
    /// <exception cref="QueueFormatException">The listing could not be read (strict mode).</exception>
    public async IAsyncEnumerable<QueueMessage> ListAsync(QueueReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var settings = await GetSettingsAsync(cancellationToken).ConfigureAwait(false);
        var readerOptions = new QueueReaderOptions
        {
            Mode = options?.Mode ?? QueueReadMode.Strict,
            Diagnostics = options?.Diagnostics,
            TimeZone = options?.TimeZone,
            ReferenceTime = options?.ReferenceTime,
            EmptyAddressRecipient = settings.EmptyAddressRecipient,
        };
        var json = settings.SupportsJson;
        var process = Start("postqueue", [json ? "-j" : "-p"]);
        await using var owned = process.ConfigureAwait(false);
        process.StandardInput.Close();
        var stderrTask = ProcessOutput.ReadBoundedAsync(process.StandardError, 64 * 1024, cancellationToken);
        var messages = json
            ? PostqueueJsonReader.ReadAsync(process.StandardOutput, readerOptions, cancellationToken)
            : MailqTextReader.ReadAsync(process.StandardOutput, readerOptions, cancellationToken);
        await foreach (var message in messages.ConfigureAwait(false))
        {
            yield return message;
        }

        var exit = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var stderr = await stderrTask.ConfigureAwait(false);
        if (exit != 0)
        {
            throw new PostfixCommandException("postqueue", exit, stderr);
        }
    }

    /// <summary>Starts a Postfix program with <c>-c DIR</c> first (when set) and the given arguments.</summary>
    internal ConfigProcesses.IRunningProcess Start(string program, IReadOnlyList<string> arguments)
    {
        var args = new List<string>();
        if (ConfigDirectory is not null)
        {
            args.Add("-c");
            args.Add(ConfigDirectory);
        }

        args.AddRange(arguments);
        var path = CommandDirectory is null ? program : Path.Combine(CommandDirectory, program);
        return _runner.Start(path, args);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunToEndAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var process = Start(program, arguments);
        await using var owned = process.ConfigureAwait(false);
        process.StandardInput.Close();
        var stdout = ProcessOutput.ReadBoundedAsync(process.StandardOutput, 1024 * 1024, cancellationToken);
        var stderr = ProcessOutput.ReadBoundedAsync(process.StandardError, 64 * 1024, cancellationToken);
        var exit = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (exit, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
