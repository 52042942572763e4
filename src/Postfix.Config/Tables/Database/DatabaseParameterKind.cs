namespace Postfix.Config.Tables.Database;

/// <summary>How Postfix reads a database table parameter (<c>cfg_get_str</c>, <c>cfg_get_int</c>, <c>cfg_get_bool</c>).</summary>
public enum DatabaseParameterKind
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>A query template (<c>%s</c>, <c>%u</c>, … are expanded).</summary>
    QueryTemplate,

    /// <summary>A result template (<c>result_format</c>).</summary>
    ResultTemplate,

    /// <summary>A list separated by commas and whitespace.</summary>
    List,

    /// <summary>A decimal integer (<c>strtol</c> over the whole value).</summary>
    Integer,

    /// <summary><c>yes</c> or <c>no</c>, any case.</summary>
    Boolean,

    /// <summary>A secret (password): never shown in diagnostics.</summary>
    Secret,
}
