namespace Postfix.Config.Processes;

/// <summary>Checks on what may reach a process argument.</summary>
public static class ProcessArguments
{
    /// <summary>A program is a bare name (looked up on PATH) or an absolute path, without control characters.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void ValidateProgram(string program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Length == 0 || program.Any(char.IsControl) || program.StartsWith('-')
            || (program.Contains('/', StringComparison.Ordinal) && !program.StartsWith('/')))
        {
            throw new ArgumentException($"not an acceptable program name: {program}", nameof(program));
        }
    }

    /// <summary>An argument may not contain NUL, CR or LF (they cannot be passed, or they would smuggle in extra lines).</summary>
    /// <exception cref="ArgumentException">It does.</exception>
    public static void ValidateArgument(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.AsSpan().IndexOfAny('\0', '\n', '\r') >= 0)
        {
            throw new ArgumentException("a process argument may not contain NUL, CR or LF", nameof(argument));
        }
    }

    /// <summary>
    /// A Postfix configuration directory for <c>-c</c>: an absolute path without control characters (a relative one would
    /// depend on the current directory; one starting with <c>-</c> could be taken for an option).
    /// </summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void ValidateConfigDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!directory.StartsWith('/') || directory.Any(char.IsControl))
        {
            throw new ArgumentException($"the configuration directory must be an absolute path without control characters: {directory}", nameof(directory));
        }
    }
}
