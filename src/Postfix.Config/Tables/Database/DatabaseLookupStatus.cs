namespace Postfix.Config.Tables.Database;

/// <summary>The three outcomes of a database lookup, as in Postfix.</summary>
public enum DatabaseLookupStatus
{
    /// <summary>Nothing found (or the key was not looked up at all).</summary>
    NotFound,

    /// <summary>Found: <see cref="DatabaseLookupResult.Value"/> holds the result.</summary>
    Found,

    /// <summary>The lookup failed (server unreachable, query failed, limit exceeded); Postfix defers.</summary>
    Error,
}
