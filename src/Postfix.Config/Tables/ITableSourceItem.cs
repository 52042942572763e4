namespace Postfix.Config.Tables;

/// <summary>An item of a lossless table source (<see cref="PostmapSourceItem"/>, <see cref="Aliases.AliasSourceItem"/>).</summary>
/// <typeparam name="TSelf">The item type.</typeparam>
internal interface ITableSourceItem<TSelf>
    where TSelf : ITableSourceItem<TSelf>
{
    /// <summary>The 1-based number of the item's first physical line.</summary>
    int LineNumber { get; }

    /// <summary>The item's exact text (byte text).</summary>
    string RawText { get; }

    /// <summary>The same item standing at another line with other raw text (used after re-parsing one line alone).</summary>
    TSelf At(int lineNumber, string rawText);
}
