namespace Postfix.Crypto.Dh;

/// <summary>One line of a <see cref="DhCheckReport"/>.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Message">What was found.</param>
public sealed record DhCheckFinding(DhCheckSeverity Severity, string Message)
{
    /// <summary>"error: …", "warning: …" or "info: …".</summary>
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Message}";
}
