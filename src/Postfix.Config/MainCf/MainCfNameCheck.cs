using Postfix.Config.Catalog;
using Postfix.Config.MasterCf;
using Postfix.Config.MasterCf.Postconf;
using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <summary>
/// Checks the parameter names a main.cf sets against the catalog, the way postconf decides what it calls an "unused
/// parameter": a name that is neither built in, per-service (from master.cf) nor used as <c>$name</c> anywhere (main.cf
/// values, the defaults, master.cf <c>-o</c> values, <c>smtpd_restriction_classes</c>) is reported as unknown, with a
/// "did you mean" suggestion (PFC1530); a deprecated or obsolete parameter is flagged (PFC1531).
/// </summary>
internal static class MainCfNameCheck
{
    /// <summary>Checks the names of <paramref name="mainCf"/>.</summary>
    /// <param name="mainCf">The main.cf document (its source name is used in the diagnostics).</param>
    /// <param name="masterCf">master.cf, or null when there is none (a master.cf postconf cannot read counts as empty).</param>
    /// <param name="configDirectory">The configuration directory (the value of <c>config_directory</c>).</param>
    /// <returns>The warnings, in main.cf order (at the last definition of each name).</returns>
    public static IReadOnlyList<Diagnostic> Check(MainCfDocument mainCf, MasterCfDocument? masterCf, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(mainCf);
        ArgumentNullException.ThrowIfNull(configDirectory);
        var dir = ByteText.FromDisplay(configDirectory);
        var last = new Dictionary<string, MainCfParameter>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["config_directory"] = dir };
        var order = new List<string> { "config_directory" };
        foreach (var p in mainCf.Definitions)
        {
            last[p.RawName] = p;
            PostconfMain.Set(values, order, p.RawName, p.RawValue);
        }

        List<PcfEntry> entries = [];
        if (masterCf is not null)
        {
            try
            {
                entries = PostconfMaster.ReadMaster(PostconfMaster.Named(masterCf, dir + "/master.cf"), []);
            }
            catch (PostconfFatalException)
            {
                // master.cf's own checker reports it; postconf would stop here.
            }
        }

        var catalog = PostconfMain.CatalogFor(entries);
        var shared = PostconfMaster.AllParameters(entries);
        var services = entries.Select((e, i) => new UserParameterScan.ScanService(e.Name, PostconfMain.CommandName(e.Argv[PcfEntry.FieldCommand]), shared[i])).ToList();
        var scan = UserParameterScan.RunCore(
            order.Select(n => new KeyValuePair<string, string>(n, values[n])).ToList(), services, catalog, dir + "/main.cf", dir + "/master.cf");
        var unused = scan.Unused.ToHashSet(StringComparer.Ordinal);
        var result = new List<Diagnostic>();
        foreach (var p in last.Values.OrderBy(p => p.LineNumber))
        {
            if (unused.Contains(p.RawName) || catalog.Find(p.RawName)?.Obsolete is not null)
            {
                result.AddRange(catalog.CheckName(p.RawName, p.NameLocation).Select(d => new Diagnostic(d.Severity, d.Code, ByteText.ToDisplay(d.Message), d.Location)));
            }
        }

        return result;
    }
}
