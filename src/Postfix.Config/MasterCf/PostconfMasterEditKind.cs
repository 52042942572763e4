namespace Postfix.Config.MasterCf;

/// <summary>The master.cf editing forms of <c>postconf</c>.</summary>
internal enum PostconfMasterEditKind
{
    /// <summary><c>postconf -Me name/type='entry'</c>: replace the entry (or append it).</summary>
    SetEntry,

    /// <summary><c>postconf -MX name/type</c>: remove the entry.</summary>
    RemoveEntry,

    /// <summary><c>postconf -M# name/type</c>: comment the entry out.</summary>
    CommentOutEntry,

    /// <summary><c>postconf -Fe name/type/field=value</c>: change one field (or the command with its arguments).</summary>
    SetField,

    /// <summary><c>postconf -Pe name/type/parameter=value</c>: set a <c>-o parameter=value</c> option.</summary>
    SetParameter,

    /// <summary><c>postconf -PX name/type/parameter</c>: remove the <c>-o parameter=…</c> options.</summary>
    RemoveParameter,
}
