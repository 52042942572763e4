namespace Postfix.Config.Tables.Database;

/// <summary>
/// The host choice of Postfix's mysql and pgsql clients: an active connection first (UNIX sockets before TCP before
/// URIs), else an untried or failed host of the first class that has one, chosen at random within the class; a host
/// that failed is skipped for 60 seconds.
/// </summary>
internal sealed class SqlHostPool<TConnection>
    where TConnection : class, IDisposable
{
    public const int RetryInterval = 60;

    private readonly List<Host> _hosts;

    public SqlHostPool(IEnumerable<(string Item, SqlHostClass Class)> hosts) =>
        _hosts = [.. hosts.Select(h => new Host(h.Item, h.Class))];

    public sealed class Host(string item, SqlHostClass @class)
    {
        public string Item { get; } = item;

        public SqlHostClass Class { get; } = @class;

        public TConnection? Connection { get; set; }

        public DateTime RetryAfter { get; set; } = DateTime.MinValue;

        public bool Failed { get; set; }
    }

    /// <summary>The host with an open connection (by class), or null.</summary>
    public Host? Active()
    {
        foreach (var cls in Classes())
        {
            var active = _hosts.Where(h => h.Class == cls && h.Connection is not null).ToList();
            if (active.Count > 0)
            {
                return active[active.Count > 1 ? Random.Shared.Next(active.Count) : 0];
            }
        }

        return null;
    }

    /// <summary>The next host to try (untried or failed and due), or null.</summary>
    public Host? NextToTry()
    {
        var now = DateTime.UtcNow;
        foreach (var cls in Classes())
        {
            var candidates = _hosts.Where(h => h.Class == cls && h.Connection is null && (!h.Failed || h.RetryAfter < now)).ToList();
            if (candidates.Count > 0)
            {
                return candidates[candidates.Count > 1 ? Random.Shared.Next(candidates.Count) : 0];
            }
        }

        return null;
    }

    /// <summary>
    /// The host to query: the active one, else the next one to try that <paramref name="connect"/> opens (a host
    /// that fails to connect is marked down by <paramref name="connect"/>); null when none is left.
    /// </summary>
    public Host? Acquire(Func<Host, bool> connect)
    {
        for (var guard = 0; guard < 100; guard++)
        {
            if (Active() is { } active)
            {
                return active;
            }

            if (NextToTry() is not { } next)
            {
                return null;
            }

            if (connect(next))
            {
                return next;
            }
        }

        return null;
    }

    /// <summary>Closes every open connection (the table is disposed).</summary>
    public void CloseAll()
    {
        foreach (var h in _hosts)
        {
            h.Connection?.Dispose();
            h.Connection = null;
        }
    }

    public static void MarkDown(Host host)
    {
        host.Connection = null;
        host.Failed = true;
        host.RetryAfter = DateTime.UtcNow.AddSeconds(RetryInterval);
    }

    private IEnumerable<SqlHostClass> Classes() => _hosts.Select(h => h.Class).Distinct().Order();
}
