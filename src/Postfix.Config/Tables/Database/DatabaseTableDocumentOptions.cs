namespace Postfix.Config.Tables.Database;

/// <summary>How a database table configuration file is read.</summary>
public sealed record DatabaseTableDocumentOptions : DocumentOptions
{
    /// <summary>
    /// The table type the file configures; when set, parameters the type does not read are reported (like postconf's
    /// <c>unused parameter</c>), and legacy ones as obsolete. Null: no catalog checks.
    /// </summary>
    public DatabaseTableType? Type { get; init; }
}
