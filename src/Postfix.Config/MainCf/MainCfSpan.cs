namespace Postfix.Config.MainCf;

/// <summary>A run of bytes inside one entry's exact text: an offset from the entry's first byte and a length.</summary>
/// <param name="Start">Offset of the first byte, counted from the entry's first byte.</param>
/// <param name="Length">Number of bytes.</param>
internal readonly record struct MainCfSpan(int Start, int Length)
{
    /// <summary>Offset just past the span.</summary>
    public int End => Start + Length;
}
