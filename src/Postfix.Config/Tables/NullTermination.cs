namespace Postfix.Config.Tables;

/// <summary>
/// Whether keys and values of a <c>hash:</c>/<c>btree:</c> database carry a trailing NUL byte (postmap and postalias
/// <c>-N</c>/<c>-n</c>). It decides whether a query finds keys built with other flags.
/// </summary>
public enum NullTermination
{
    /// <summary>No flag. Building: keys get the NUL (Linux's choice). Querying: both forms are tried.</summary>
    Default,

    /// <summary><c>-N</c>: with the NUL only.</summary>
    Include,

    /// <summary><c>-n</c>: without the NUL only.</summary>
    Exclude,
}
