using System.Globalization;
using System.IO.Abstractions;
using Postfix.Config.Catalog;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;

namespace Postfix.Queue.Files;

/// <summary>The main.cf settings that reading the queue directly depends on, as Postfix evaluates them.</summary>
public sealed record QueueSpoolSettings
{
    /// <summary><c>queue_directory</c> (default <c>/var/spool/postfix</c>).</summary>
    public string QueueDirectory { get; init; } = "/var/spool/postfix";

    /// <summary><c>hash_queue_names</c> and <c>hash_queue_depth</c>.</summary>
    public QueueDirectoryLayout Layout { get; init; } = QueueDirectoryLayout.Default;

    /// <summary><c>empty_address_recipient</c>: how the null sender is shown (default <c>MAILER-DAEMON</c>).</summary>
    public string EmptyAddressRecipient { get; init; } = "MAILER-DAEMON";

    /// <summary><c>duplicate_filter_limit</c> (default 1000; 0 = unlimited).</summary>
    public int DuplicateFilterLimit { get; init; } = 1000;

    /// <summary><c>smtputf8_enable</c> (default yes): UTF-8 survives <c>printable()</c>.</summary>
    public bool SmtputfEnable { get; init; } = true;

    /// <summary><c>enable_long_queue_ids</c> (mailq's column layout).</summary>
    public bool LongQueueIds { get; init; }

    /// <summary>
    /// Reads <c>main.cf</c> of <paramref name="configDirectory"/> and evaluates the settings (with <c>$name</c>
    /// expansion and Postfix 3.7's defaults).
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no main.cf.</exception>
    public static QueueSpoolSettings Load(string configDirectory, IFileSystem? fileSystem = null)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        fileSystem ??= new FileSystem();
        var path = fileSystem.Path.Combine(configDirectory, "main.cf");
        var bytes = fileSystem.File.ReadAllBytes(path);
        var document = MainCfDocument.Parse(bytes, new MainCfOptions { SourceName = path });
        var values = new Dictionary<string, string>(document.ToDictionary(), StringComparer.Ordinal);
        var evaluator = new ParameterEvaluator(
            name => values.GetValueOrDefault(name),
            new ParameterEvaluatorOptions { ConfigDirectory = configDirectory, Location = new SourceLocation(path, 1, 1) });
        string Get(string name) => evaluator.Expand(name).Value;
        var names = Get("hash_queue_names").Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        return new QueueSpoolSettings
        {
            QueueDirectory = Get("queue_directory"),
            Layout = new QueueDirectoryLayout
            {
                HashQueueNames = names,
                HashQueueDepth = int.TryParse(Get("hash_queue_depth"), NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth > 0 ? depth : 1,
            },
            EmptyAddressRecipient = Get("empty_address_recipient"),
            DuplicateFilterLimit = int.TryParse(Get("duplicate_filter_limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : 1000,
            SmtputfEnable = IsYes(Get("smtputf8_enable")),
            LongQueueIds = IsYes(Get("enable_long_queue_ids")),
        };
    }

    private static bool IsYes(string value) =>
        value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1";
}
