namespace Postfix.Config.Syntax;

/// <summary>
/// Groups physical lines into logical lines exactly as Postfix's <c>readllines()</c> does (<c>util/readlline.c</c>):
/// a logical line starts at a line whose first byte is neither whitespace nor <c>#</c>, goes on over every later
/// line that starts with whitespace, and blank or comment lines in between do not end it. Blank and comment lines
/// after the last content line of a logical line are not part of it.
/// </summary>
internal static class LogicalLineReader
{
    /// <summary>Splits a source into groups that cover every physical line once, in order.</summary>
    /// <param name="source">The source to group.</param>
    public static IReadOnlyList<LineGroup> Read(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = source.Lines;
        var groups = new List<LineGroup>();
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (line.IsIgnorable)
            {
                var kind = line.Kind == PhysicalLineKind.Blank ? LineGroupKind.Blank : LineGroupKind.Comment;
                groups.Add(new LineGroup(source, kind, i, i));
                i++;
                continue;
            }

            // A start line, or a continuation with nothing before it (an orphan that Postfix skips).
            var groupKind = line.Kind == PhysicalLineKind.Start ? LineGroupKind.Logical : LineGroupKind.Orphan;
            var last = i;
            var j = i + 1;
            while (j < lines.Count && lines[j].Kind != PhysicalLineKind.Start)
            {
                if (lines[j].Kind == PhysicalLineKind.Continuation)
                {
                    last = j;
                }

                j++;
            }

            groups.Add(new LineGroup(source, groupKind, i, last));
            i = last + 1;
        }

        return groups;
    }
}
