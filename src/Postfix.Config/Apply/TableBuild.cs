namespace Postfix.Config.Apply;

/// <summary>An indexed table a commit builds with <c>postmap</c> (or <c>postalias</c> for alias databases).</summary>
/// <param name="Type">The database type: <c>hash</c>, <c>lmdb</c>, <c>cdb</c>, <c>btree</c>, <c>dbm</c> or <c>sdbm</c>.</param>
/// <param name="Source">The absolute path of the source file.</param>
/// <param name="IsAlias">Built with <c>postalias</c> (it is named in <c>alias_maps</c> or <c>alias_database</c>).</param>
/// <param name="Reason">Why it is built.</param>
public sealed record TableBuild(string Type, string Source, bool IsAlias, TableBuildReason Reason)
{
    /// <summary>The program that builds it: <c>postmap</c> or <c>postalias</c>.</summary>
    public string Program => IsAlias ? "postalias" : "postmap";

    /// <summary>The table as written on the builder's command line, <c>type:path</c>.</summary>
    public string Table => Type + ":" + Source;

    /// <summary>The command line, for example <c>postmap hash:/etc/postfix/transport</c>.</summary>
    /// <returns>The command line.</returns>
    public override string ToString() => Program + " " + Table;
}
