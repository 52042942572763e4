namespace Postfix.Config.MasterCf;

/// <summary>
/// What <c>$name</c> expansion and parameter checks inside one master.cf service need to know: its name, type,
/// process name and its own <c>-o</c> parameters (last one wins).
/// </summary>
public sealed class MasterCfServiceScope
{
    /// <summary>Creates a scope.</summary>
    /// <param name="name">The service name as written.</param>
    /// <param name="type">The service type.</param>
    /// <param name="command">The command (daemon program) field.</param>
    /// <param name="parameters">The service's <c>-o</c> parameters.</param>
    public MasterCfServiceScope(string name, string type, string command, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Type = type;
        Command = command;
        Parameters = parameters;
    }

    /// <summary>The service name as written.</summary>
    public string Name { get; }

    /// <summary>The service type.</summary>
    public string Type { get; }

    /// <summary>The command (daemon program) field.</summary>
    public string Command { get; }

    /// <summary>
    /// <c>process_name</c> as the service sees it: the last path component of the command.
    /// </summary>
    public string ProcessName
    {
        get
        {
            var slash = Command.LastIndexOf('/');
            return slash >= 0 && slash < Command.Length - 1 ? Command[(slash + 1)..] : Command;
        }
    }

    /// <summary><c>service_name</c> as the service sees it: the service name.</summary>
    public string ServiceName => Name;

    /// <summary>The service's <c>-o</c> parameters (last one wins).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>
    /// Looks a name up in the service's own scope as postconf does: <c>process_name</c> and <c>service_name</c>
    /// first, then the <c>-o</c> parameters. Null when the service does not define it.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    public string? Lookup(string name) => name switch
    {
        "process_name" => ProcessName,
        "service_name" => ServiceName,
        _ => Parameters.TryGetValue(name, out var value) ? value : null,
    };
}
