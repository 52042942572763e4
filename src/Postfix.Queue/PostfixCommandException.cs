namespace Postfix.Queue;

/// <summary>A Postfix program (<c>postqueue</c>, <c>postsuper</c>, <c>postconf</c>) failed: its exit code and what it said on stderr.</summary>
public sealed class PostfixCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostfixCommandException(string program, int exitCode, string standardError)
        : base($"{program} exited with status {exitCode}: {FirstLine(standardError)}")
    {
        Program = program;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>Creates the exception.</summary>
    public PostfixCommandException()
        : this("postfix", 1, string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PostfixCommandException(string message)
        : base(message)
    {
        Program = "postfix";
        StandardError = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public PostfixCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        Program = "postfix";
        StandardError = string.Empty;
    }

    /// <summary>The program that failed.</summary>
    public string Program { get; }

    /// <summary>Its exit code.</summary>
    public int ExitCode { get; }

    /// <summary>What it wrote on standard error.</summary>
    public string StandardError { get; }

    /// <summary>
    /// For a bulk operation whose postsuper failed: the report for every requested ID, true as far as postsuper's output
    /// and the queue can tell (done, not processed, or unknown); null for other programs.
    /// </summary>
    public Operations.QueueOperationReport? Report { get; init; }

    private static string FirstLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.FirstOrDefault(l => l.Contains("fatal:", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "(no message)";
    }
}
