namespace Postfix.Config.Tables.Typed;

/// <summary>
/// A <c>sender_dependent_relayhost_maps</c> value: a relayhost-style destination list (<c>[host]:port</c>,
/// <c>host</c>, …, separated by commas or whitespace in 3.5+) or <c>DUNNO</c> (stop the search without overriding
/// <c>relayhost</c>).
/// </summary>
public sealed class RelayHostValue
{
    private RelayHostValue(string value, bool dunno, IReadOnlyList<NextHop> destinations)
    {
        Value = value;
        IsDunno = dunno;
        Destinations = destinations;
    }

    /// <summary>The value as written.</summary>
    public string Value { get; }

    /// <summary>Whether the value is <c>DUNNO</c> (case-insensitive).</summary>
    public bool IsDunno { get; }

    /// <summary>The destinations (empty for DUNNO).</summary>
    public IReadOnlyList<NextHop> Destinations { get; }

    /// <summary>Parses a value.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="FormatException">A destination Postfix cannot read.</exception>
    public static RelayHostValue Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Trim().Equals("DUNNO", StringComparison.OrdinalIgnoreCase))
        {
            return new RelayHostValue(value, true, []);
        }

        var hops = value.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(NextHop.Parse).ToList();
        return new RelayHostValue(value, false, hops);
    }

    /// <summary>Builds a value from destinations.</summary>
    /// <param name="destinations">One or more next hops.</param>
    public static RelayHostValue Create(params NextHop[] destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        if (destinations.Length == 0)
        {
            throw new ArgumentException("Give at least one destination.", nameof(destinations));
        }

        return Parse(string.Join(", ", destinations.Select(d => d.Text)));
    }

    /// <summary>The value <c>DUNNO</c>.</summary>
    public static RelayHostValue Dunno() => Parse("DUNNO");

    /// <inheritdoc/>
    public override string ToString() => Value;
}
