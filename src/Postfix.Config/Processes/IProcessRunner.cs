namespace Postfix.Config.Processes;

/// <summary>
/// Starts external programs (<c>postfix</c>, <c>postmap</c>, <c>postalias</c>, <c>postconf</c>). The one seam between the library
/// and the operating system: tests hand in a fake, production code uses <see cref="ProcessRunner"/>.
/// </summary>
public interface IProcessRunner
{
    /// <summary>Starts <paramref name="program"/> with exactly these arguments (no shell is involved).</summary>
    IRunningProcess Start(string program, IReadOnlyList<string> arguments);
}
