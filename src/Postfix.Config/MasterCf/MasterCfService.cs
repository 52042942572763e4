using Postfix.Config.Expansion;
using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>
/// One master.cf service: the eight fields with their exact spans, the arguments after the command, and the
/// <c>-o name=value</c> options, read the way the master daemon reads them. Values of <c>-</c> fields are resolved to
/// the defaults of Postfix 3.x (private y, unprivileged y, chroot n, wakeup 0, process limit
/// <c>$default_process_limit</c>).
/// </summary>
public sealed class MasterCfService
{
    internal MasterCfService(LineGroup lines, IReadOnlyList<MasterCfToken> fields, IReadOnlyList<MasterCfArgument> arguments, IReadOnlyList<MasterCfOption> options)
    {
        Lines = lines;
        Name = fields[0];
        Type = fields[1];
        Private = fields[2];
        Unprivileged = fields[3];
        Chroot = fields[4];
        Wakeup = fields[5];
        ProcessLimit = fields[6];
        Command = fields[7];
        Arguments = arguments;
        Options = options;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            parameters[option.Name] = option.Value;
        }

        Parameters = parameters;
        Key = MasterCfServiceKey.Create(Name.Text, Type.Text, IsPrivate);
    }

    /// <summary>The physical lines of the service (start line, continuation lines and the comments between them).</summary>
    internal LineGroup Lines { get; }

    /// <summary>
    /// Where the service is: its start line, and the byte span of its lines (start line, continuation lines and the
    /// comments between them), counted from the start of the file.
    /// </summary>
    public SourceLocation Location => Lines.Source.LocationOf(Lines.Start, Lines.End - Lines.Start);

    /// <summary>The 1-based number of the start line.</summary>
    public int LineNumber => Lines.LineNumber;

    /// <summary>Field 1: the service name.</summary>
    public MasterCfToken Name { get; }

    /// <summary>Field 2: the type (<c>inet</c>, <c>unix</c>, <c>unix-dgram</c>, <c>fifo</c>, <c>pass</c>).</summary>
    public MasterCfToken Type { get; }

    /// <summary>Field 3: private (<c>y</c>, <c>n</c> or <c>-</c>).</summary>
    public MasterCfToken Private { get; }

    /// <summary>Field 4: unprivileged (<c>y</c>, <c>n</c> or <c>-</c>).</summary>
    public MasterCfToken Unprivileged { get; }

    /// <summary>Field 5: chroot (<c>y</c>, <c>n</c> or <c>-</c>).</summary>
    public MasterCfToken Chroot { get; }

    /// <summary>Field 6: wakeup time (<c>-</c>, or seconds with an optional trailing <c>?</c>).</summary>
    public MasterCfToken Wakeup { get; }

    /// <summary>Field 7: process limit (<c>-</c> or a number; 0 means no limit).</summary>
    public MasterCfToken ProcessLimit { get; }

    /// <summary>Field 8: the command (program name relative to <c>$daemon_directory</c>).</summary>
    public MasterCfToken Command { get; }

    /// <summary>Everything after the command, as the program receives it.</summary>
    public IReadOnlyList<MasterCfArgument> Arguments { get; }

    /// <summary>The <c>-o name=value</c> options, in order (before the first non-option argument).</summary>
    public IReadOnlyList<MasterCfOption> Options { get; }

    /// <summary>The <c>-o</c> parameters by name (the last one wins, as in the daemon).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The identity the master daemon uses (duplicate detection: the last entry wins).</summary>
    public MasterCfServiceKey Key { get; }

    /// <summary>Whether the service is private (<c>y</c>, or <c>-</c> = default y).</summary>
    public bool IsPrivate => Private.RawText is "y" or "-";

    /// <summary>Whether the service runs unprivileged (<c>y</c>, or <c>-</c> = default y).</summary>
    public bool IsUnprivileged => Unprivileged.RawText is "y" or "-";

    /// <summary>Whether the service runs chrooted (<c>y</c>; <c>-</c> is n with compatibility_level 1 or later).</summary>
    public bool IsChrooted => Chroot.RawText == "y";

    /// <summary>Whether the service runs chrooted when <c>compatibility_level</c> is below 1 (then <c>-</c> means y).</summary>
    /// <param name="legacyCompatibility">True for compatibility_level 0.</param>
    public bool IsChrootedAt(bool legacyCompatibility) => Chroot.RawText == "y" || (legacyCompatibility && Chroot.RawText == "-");

    /// <summary>The wakeup time in seconds (0 for <c>-</c> or none), as the daemon reads it (<c>atoi</c>).</summary>
    public int WakeupSeconds => Wakeup.RawText == "-" ? 0 : LeadingNumber(Wakeup.RawText);

    /// <summary>Whether the wakeup is conditional (<c>?</c>: no wakeup before the service was first used).</summary>
    public bool IsWakeupConditional => WakeupSeconds > 0 && Wakeup.RawText.EndsWith('?');

    /// <summary>The process limit, or null when the field is <c>-</c> (then <c>$default_process_limit</c>, 100, applies).</summary>
    public int? ProcessLimitValue => ProcessLimit.RawText == "-" ? null : LeadingNumber(ProcessLimit.RawText);

    /// <summary>The process limit with <c>-</c> resolved (0 means no limit).</summary>
    /// <param name="defaultProcessLimit">The value of <c>default_process_limit</c>.</param>
    public int GetProcessLimit(int defaultProcessLimit = 100) => ProcessLimitValue ?? defaultProcessLimit;

    /// <summary>The value of <c>-o name=…</c> for this service (the last one), or null.</summary>
    /// <param name="name">The parameter name.</param>
    public string? GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Parameters.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>The scope <c>$name</c> expansion in this service uses (process_name, service_name, the <c>-o</c> parameters).</summary>
    public MasterCfServiceScope Scope => new(Name.Text, Type.Text, Command.Text, Parameters);

    /// <summary>
    /// The value a parameter has inside this service, not expanded, like <c>postconf -P</c> plus inheritance: the
    /// service's own scope (<c>process_name</c>, <c>service_name</c>, its <c>-o</c> options) first, then
    /// <paramref name="global"/> (main.cf, then the defaults).
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="global">main.cf values over the defaults; null for an unknown name.</param>
    public string? GetEffectiveValue(string name, Func<string, string?> global)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(global);
        return Scope.Lookup(name) ?? global(name);
    }

    /// <summary>
    /// The value of a parameter inside this service with <c>$name</c> expanded as the service sees it (names
    /// resolve through the service scope first, then <paramref name="global"/>), as <c>postconf -Px</c> does.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="global">main.cf values over the defaults; null for an unknown name.</param>
    /// <param name="options">Expansion options, or null for the defaults.</param>
    /// <returns>The expansion, or null when the parameter has no value at all.</returns>
    public ExpansionResult? ExpandEffectiveValue(string name, Func<string, string?> global, ExpansionOptions? options = null)
    {
        var raw = GetEffectiveValue(name, global);
        if (raw is null)
        {
            return null;
        }

        var scope = Scope;
        return MacroExpander.Expand(raw, n => scope.Lookup(n) ?? global(n), options);
    }

    /// <inheritdoc/>
    public override string ToString() => Name.Text + "/" + Type.Text;

    private static int LeadingNumber(string s)
    {
        long n = 0;
        var i = 0;
        while (i < s.Length && s[i] is >= '0' and <= '9' && n <= int.MaxValue)
        {
            n = (n * 10) + (s[i] - '0');
            i++;
        }

        return n > int.MaxValue ? int.MaxValue : (int)n;
    }
}
