namespace Postfix.Config.Tables.Typed;

/// <summary>
/// A transport(5) table value <c>transport:nexthop</c>, split at the <em>first</em> <c>:</c> as
/// <c>trivial-rewrite</c> does (so <c>smtp:[::1]:25</c> is transport <c>smtp</c>, next hop <c>[::1]:25</c>).
/// An empty transport keeps the default transport, an empty next hop keeps the recipient domain, and <c>:</c> alone
/// changes nothing.
/// </summary>
public sealed class TransportEntry
{
    private TransportEntry(string transport, string nexthop)
    {
        Transport = transport;
        Nexthop = nexthop;
    }

    /// <summary>The master.cf transport name (empty: keep the default transport).</summary>
    public string Transport { get; }

    /// <summary>The next hop text (empty: the recipient domain). For <c>error:</c> and the like, the text.</summary>
    public string Nexthop { get; }

    /// <summary>Whether the entry is <c>:</c> alone (no change).</summary>
    public bool IsNoChange => Transport.Length == 0 && Nexthop.Length == 0;

    /// <summary>Parses a transport table value.</summary>
    /// <param name="value">The value.</param>
    public static TransportEntry Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new TransportEntry(value, string.Empty) : new TransportEntry(value[..colon], value[(colon + 1)..]);
    }

    /// <summary>Builds <c>transport:nexthop</c>.</summary>
    /// <param name="transport">The master.cf service name, for example <c>smtp-ipv4</c>.</param>
    /// <param name="nexthop">The next hop, or null to keep the recipient domain.</param>
    public static TransportEntry Create(string transport, NextHop? nexthop = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (transport.Any(c => c <= ' ' || c == ':'))
        {
            throw new ArgumentException("A transport name has no whitespace or ':'.", nameof(transport));
        }

        return new TransportEntry(transport, nexthop?.Text ?? string.Empty);
    }

    /// <summary>The next hop parsed as a destination (null when empty). SMTP/LMTP allow lists; this reads the first.</summary>
    public NextHop? Destination
    {
        get
        {
            var first = Nexthop.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is null ? null : NextHop.Parse(first);
        }
    }

    /// <summary>The value as written in the table.</summary>
    public override string ToString() => Transport + ":" + Nexthop;
}
