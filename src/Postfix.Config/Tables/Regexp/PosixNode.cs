namespace Postfix.Config.Tables.Regexp;

/// <summary>What a zero-width POSIX assertion tests.</summary>
internal enum PosixAssertion
{
    LineStart,
    LineEnd,
    BufferStart,
    BufferEnd,
    WordBoundary,
    NotWordBoundary,
    WordStart,
    WordEnd,
}

/// <summary>A node of a parsed POSIX (glibc) regular expression.</summary>
internal abstract class PosixNode
{
    public int Id { get; set; }
}

internal sealed class PosixSet(ByteSet set) : PosixNode
{
    public ByteSet Set { get; } = set;
}

internal sealed class PosixEmpty : PosixNode;

internal sealed class PosixConcat(IReadOnlyList<PosixNode> items) : PosixNode
{
    public IReadOnlyList<PosixNode> Items { get; } = items;
}

internal sealed class PosixAlternation(IReadOnlyList<PosixNode> branches) : PosixNode
{
    public IReadOnlyList<PosixNode> Branches { get; } = branches;
}

internal sealed class PosixRepeat(PosixNode body, int min, int max) : PosixNode
{
    public PosixNode Body { get; } = body;

    public int Min { get; } = min;

    /// <summary>The most repetitions, or -1 for no limit.</summary>
    public int Max { get; } = max;
}

internal sealed class PosixGroup(int index, PosixNode body) : PosixNode
{
    /// <summary>The 1-based subexpression number.</summary>
    public int Index { get; } = index;

    public PosixNode Body { get; } = body;
}

internal sealed class PosixBackReference(int index, bool ignoreCase) : PosixNode
{
    public int Index { get; } = index;

    public bool IgnoreCase { get; } = ignoreCase;
}

internal sealed class PosixAssert(PosixAssertion kind, bool newlineSensitive) : PosixNode
{
    public PosixAssertion Kind { get; } = kind;

    /// <summary>REG_NEWLINE: <c>^</c> and <c>$</c> also match next to a newline.</summary>
    public bool NewlineSensitive { get; } = newlineSensitive;
}
