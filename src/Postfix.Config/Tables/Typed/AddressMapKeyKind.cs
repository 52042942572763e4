namespace Postfix.Config.Tables.Typed;

/// <summary>The key forms of virtual(5), canonical(5), generic(5) and relocated(5) tables.</summary>
public enum AddressMapKeyKind
{
    /// <summary><c>user@domain</c>.</summary>
    Address,

    /// <summary><c>user</c> (local domains only; for virtual: the local part in $myorigin/$mydestination/…).</summary>
    User,

    /// <summary><c>@domain</c>: catch-all for the domain.</summary>
    CatchAll,

    /// <summary>A bare <c>domain</c> (virtual alias domains; the value is ignored).</summary>
    Domain,
}
