namespace Postfix.Config.Catalog;

/// <summary>What the catalog knows about one parameter of Postfix 3.7.</summary>
public sealed class ParameterInfo
{
    internal ParameterInfo(string name, ParameterKind kind, string defaultValue, bool isRaw, bool isReadOnly, bool isHostDependent)
    {
        Name = name;
        Kind = kind;
        DefaultValue = defaultValue;
        IsRaw = isRaw;
        IsReadOnly = isReadOnly;
        IsHostDependent = isHostDependent;
        Obsolete = ObsoleteParameters.Find(name);
    }

    /// <summary>The parameter name (case-sensitive).</summary>
    public string Name { get; }

    /// <summary>Built in, created by a master.cf service, or a legacy name.</summary>
    public ParameterKind Kind { get; }

    /// <summary>
    /// The default, unexpanded, as <c>postconf -d</c> prints it on the machine the catalog was generated on. For
    /// <see cref="IsHostDependent"/> parameters use <see cref="ParameterEvaluator.GetDefault"/>, which computes it
    /// for this host.
    /// </summary>
    public string DefaultValue { get; }

    /// <summary>Never <c>$</c>-expanded by Postfix (for example <c>mailbox_command</c>; its macros are the delivery agent's).</summary>
    public bool IsRaw { get; }

    /// <summary>Set by Postfix itself; a main.cf assignment is ignored with a warning (for example <c>process_id</c>).</summary>
    public bool IsReadOnly { get; }

    /// <summary>The default is computed at run time from the host (<c>myhostname</c>, <c>mydomain</c>, <c>mynetworks</c>, <c>process_id</c>).</summary>
    public bool IsHostDependent { get; }

    /// <summary>Why the parameter is obsolete or deprecated in Postfix 3.7, or null when it is current.</summary>
    public ObsoleteParameterInfo? Obsolete { get; }
}
