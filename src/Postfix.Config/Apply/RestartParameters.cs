using Postfix.Config.Catalog;
using Postfix.Config.MainCf;

namespace Postfix.Config.Apply;

/// <summary>
/// main.cf parameters that <c>postfix reload</c> does not change: Postfix must be stopped and started. postconf(5) says
/// so for <c>inet_interfaces</c> and <c>inet_protocols</c>; master(8) keeps its first value of <c>config_directory</c>,
/// <c>queue_directory</c>, <c>inet_protocols</c> and <c>tcp_windowsize</c> and logs "to change …, stop and start
/// Postfix" on a reload that changes one of them.
/// </summary>
public static class RestartParameters
{
    /// <summary>The parameter names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["config_directory", "inet_interfaces", "inet_protocols", "queue_directory", "tcp_windowsize"];

    /// <summary>
    /// The parameters of <see cref="Names"/> whose value, <c>$</c>-expanded like <c>postconf -x</c>, differs between two
    /// versions of main.cf (so <c>inet_interfaces = $my_interfaces</c> counts when <c>my_interfaces</c> changes).
    /// </summary>
    /// <param name="before">main.cf before the change.</param>
    /// <param name="after">main.cf after the change.</param>
    /// <returns>The changed names, sorted.</returns>
    public static IReadOnlyList<string> Changed(MainCfDocument before, MainCfDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = new ParameterEvaluator(before.GetValue);
        var now = new ParameterEvaluator(after.GetValue);
        return [.. Names.Where(n => !string.Equals(before.GetValue(n), after.GetValue(n), StringComparison.Ordinal)
            || !string.Equals(old.Expand(n).Value, now.Expand(n).Value, StringComparison.Ordinal))];
    }
}
