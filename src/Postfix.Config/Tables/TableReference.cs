using Postfix.Config.Syntax;

namespace Postfix.Config.Tables;

/// <summary>A lookup table named in main.cf or in a master.cf <c>-o</c> override, after <c>$name</c> expansion.</summary>
/// <param name="Type">The table type (<c>hash</c>, <c>regexp</c>, …; <c>proxy:</c> removed).</param>
/// <param name="Name">The table name (a path for file types).</param>
/// <param name="Parameter">The parameter whose value names the table.</param>
/// <param name="Location">Where the parameter is set (main.cf line, or the master.cf service line).</param>
/// <param name="IsAliasFile">Whether the source is an aliases file (the table is in <c>alias_maps</c> or <c>alias_database</c>).</param>
public sealed record TableReference(string Type, string Name, string Parameter, SourceLocation Location, bool IsAliasFile)
{
    /// <summary>Whether the table is named through <c>proxy:</c> (proxymap or proxywrite opens it).</summary>
    public bool ViaProxy { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Type + ":" + Name;
}
