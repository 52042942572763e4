namespace Postfix.Config.Catalog;

/// <summary>Where a parameter name comes from, as postconf classifies it.</summary>
public enum ParameterKind
{
    /// <summary>Built into Postfix (listed by <c>postconf -d</c>).</summary>
    BuiltIn = 0,

    /// <summary>Created by a master.cf delivery service, such as <c>relay_destination_concurrency_limit</c> for <c>relay</c>.</summary>
    Service = 1,

    /// <summary>
    /// An old name Postfix still honours through the default of its replacement (for example <c>virtual_maps</c>);
    /// postconf does not list it with <c>-d</c>.
    /// </summary>
    Legacy = 2,
}
