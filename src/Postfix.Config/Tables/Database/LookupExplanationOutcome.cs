namespace Postfix.Config.Tables.Database;

/// <summary>Whether Postfix would send a query for a key, and if not, why.</summary>
public enum LookupExplanationOutcome
{
    /// <summary>A query is sent (<see cref="LookupExplanation.Query"/>, or the LDAP search).</summary>
    Query,

    /// <summary>The key is empty: Postfix warns <c>empty query string -- ignored</c> (memcache skips silently).</summary>
    EmptyKey,

    /// <summary>The key is not valid UTF-8 (sqlite and ldap skip it silently; with SMTPUTF8 every type warns).</summary>
    NotUtf8,

    /// <summary>The key's domain is not in the <c>domain</c> list (or the key has no domain or no local part).</summary>
    DomainMismatch,

    /// <summary>
    /// A template needs a part the key lacks: <c>%d</c>/<c>%D</c>/<c>%1-9</c> need a domain (and enough labels),
    /// <c>%u</c>/<c>%U</c> need a non-empty local part.
    /// </summary>
    MissingKeyPart,

    /// <summary>memcache: the expanded key contains whitespace.</summary>
    KeyHasSpace,
}
