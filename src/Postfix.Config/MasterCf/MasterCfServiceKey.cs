namespace Postfix.Config.MasterCf;

/// <summary>
/// What identifies a master.cf service to the master daemon: its type and its internal endpoint name. For
/// <c>inet</c> the endpoint is canonical (<c>smtp</c> and <c>25</c> are both <c>25</c>; <c>[::1]:smtp</c>,
/// <c>::1:25</c> and <c>[ipv6:::1]:25</c> are all <c>[::1]:25</c>); for the other types it is
/// <c>private/NAME</c> or <c>public/NAME</c>, as the socket's place in the queue directory.
/// </summary>
/// <param name="Type">The service type (<c>inet</c>, <c>unix</c>, <c>unix-dgram</c>, <c>fifo</c>, <c>pass</c>).</param>
/// <param name="Endpoint">The canonical endpoint name.</param>
public readonly record struct MasterCfServiceKey(string Type, string Endpoint)
{
    /// <summary>The key of a service as the master daemon computes it.</summary>
    /// <param name="name">The service name field.</param>
    /// <param name="type">The type field.</param>
    /// <param name="isPrivate">The private field's value (<c>-</c> means yes); ignored for <c>inet</c>.</param>
    public static MasterCfServiceKey Create(string name, string type, bool isPrivate)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        return type == "inet"
            ? new MasterCfServiceKey(type, InetServiceName.Canonicalize(name))
            : new MasterCfServiceKey(type, (isPrivate ? "private/" : "public/") + name);
    }

    /// <inheritdoc/>
    public override string ToString() => Type + ":" + Endpoint;
}
