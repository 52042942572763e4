using Postfix.Config.MasterCf.Postconf;
using Postfix.Config.Syntax;

namespace Postfix.Config.MasterCf;

/// <summary>Common master.cf changes, each idempotent: applying one twice gives the same bytes as applying it once.</summary>
public static class MasterCfRecipes
{
    /// <summary>
    /// "Force IPv4 or IPv6 for one destination": makes sure there is an SMTP client transport
    /// <c>smtp-ipv4</c> (or <c>smtp-ipv6</c>) of type unix, a clone of the <c>smtp</c> unix service with
    /// <c>-o inet_protocols=ipv4</c> (or <c>ipv6</c>), inserted right after the <c>smtp</c> unix service. Route a
    /// domain to it in a transport map (<c>example.com smtp-ipv6:</c>).
    /// </summary>
    /// <param name="document">The master.cf document.</param>
    /// <param name="family">The address family to force.</param>
    /// <returns>The new document, or <paramref name="document"/> when nothing had to change.</returns>
    public static MasterCfDocument EnsureSmtpProtocolTransport(MasterCfDocument document, InetProtocolFamily family)
    {
        ArgumentNullException.ThrowIfNull(document);
        var suffix = family == InetProtocolFamily.IPv4 ? "ipv4" : "ipv6";
        return EnsureTransportClone(document, "smtp", "smtp-" + suffix, new Dictionary<string, string> { ["inet_protocols"] = suffix });
    }

    /// <summary>
    /// Makes sure a unix service <paramref name="name"/> exists as a clone of the unix service <paramref name="source"/>
    /// (or of <c>source unix - - n - - source</c> when there is none) with the given <c>-o</c> parameters. When it
    /// exists, only parameters with a different value are set (minimal edits).
    /// </summary>
    /// <param name="document">The master.cf document.</param>
    /// <param name="source">The unix service to clone (for example <c>smtp</c>).</param>
    /// <param name="name">The new service name (for example <c>smtp-ipv4</c>).</param>
    /// <param name="parameters">The <c>-o</c> parameters the clone must have.</param>
    public static MasterCfDocument EnsureTransportClone(
        MasterCfDocument document, string source, string name, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parameters);
        var existing = document.Find(name, "unix");
        if (existing is not null)
        {
            foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var current = document.Find(name, "unix")!;
                if (current.GetParameter(key) != value)
                {
                    document = document.SetParameter(current, key, value);
                }
            }

            return document;
        }

        var original = document.Find(source, "unix");
        var warnings = new List<string>();
        var text = original is null
            ? ByteText.FromDisplay(source + " unix - - n - - " + source)
            : PcfText.UpToNul(original.Lines.Text);
        PcfEntry entry;
        try
        {
            entry = PcfEntry.Parse(text, warnings, out var error)
                ?? throw new InvalidOperationException("The " + source + " service cannot be cloned: " + error);
        }
        catch (PostconfFatalException e)
        {
            throw new InvalidOperationException("The " + source + " service cannot be cloned: " + ByteText.ToDisplay(e.Message), e);
        }

        entry.Argv[0] = ByteText.FromDisplay(name);
        entry.Argv[1] = "unix";
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            entry.EditParameter(ByteText.FromDisplay(key), ByteText.FromDisplay(value), remove: false);
        }

        // After the source service and any clones of it that already follow it (smtp, smtp-ipv4, smtp-ipv6, …).
        var after = original;
        if (original is not null)
        {
            var index = document.Services.ToList().IndexOf(original);
            while (index + 1 < document.Services.Count
                && document.Services[index + 1].Name.Text.StartsWith(source + "-", StringComparison.Ordinal)
                && document.Services[index + 1].Lines.FirstLine == after!.Lines.LastLine + 1)
            {
                after = document.Services[++index];
            }
        }

        return document.InsertEntry(entry, after);
    }
}
