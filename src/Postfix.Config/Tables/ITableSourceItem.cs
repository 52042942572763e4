namespace Postfix.Config.Tables;

/// <summary>An item of a lossless key-value table source (<see cref="PostmapSourceItem"/>, <see cref="Aliases.AliasSourceItem"/>).</summary>
internal interface ITableSourceItem
{
    /// <summary>The item's exact text (byte text).</summary>
    string RawText { get; }
}
