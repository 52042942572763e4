namespace Postfix.Config.MasterCf;

/// <summary>The master.cf display forms of <c>postconf</c>.</summary>
public enum PostconfMasterShowKind
{
    /// <summary><c>postconf -M [name[/type]]…</c>: whole entries.</summary>
    Entries,

    /// <summary><c>postconf -F [name[/type[/field]]]…</c>: <c>name/type/field = value</c> lines.</summary>
    Fields,

    /// <summary><c>postconf -P [name[/type[/parameter]]]…</c>: <c>name/type/parameter = value</c> lines of the <c>-o</c> options.</summary>
    Parameters,
}
