namespace Postfix.Config.Syntax;

/// <summary>What a physical line is to Postfix's <c>readllines()</c>.</summary>
internal enum PhysicalLineKind
{
    /// <summary>Empty or only whitespace: ignored, and does not end a logical line.</summary>
    Blank,

    /// <summary>First non-whitespace byte is <c>#</c>: ignored, and does not end a logical line.</summary>
    Comment,

    /// <summary>First byte is neither whitespace nor <c>#</c>: starts a logical line.</summary>
    Start,

    /// <summary>First byte is whitespace and the line has content: continues the current logical line.</summary>
    Continuation,
}
