using System.Globalization;
using Postfix.Config.Expansion;
using Postfix.Config.Syntax;

namespace Postfix.Config.Catalog;

/// <summary>
/// Every parameter of Postfix 3.7.11 with its default, generated from the real <c>postconf -d</c> by
/// <c>scripts/generate-parameter-catalog.sh</c> and embedded as data. Immutable; <see cref="WithServices"/> adds the
/// per-service parameters that postconf derives from master.cf.
/// </summary>
public sealed class ParameterCatalog
{
    private const string ResourceName = "Postfix.Config.Catalog.parameters.tsv";

    /// <summary>The pipe(8) and delivery-agent parameter suffixes with the global parameter each one defaults to.</summary>
    private static readonly (string Suffix, string DefaultParameter)[] DeliveryServiceSuffixes =
    [
        ("_recipient_limit", "default_recipient_limit"),
        ("_extra_recipient_limit", "default_extra_recipient_limit"),
        ("_recipient_refill_limit", "default_recipient_refill_limit"),
        ("_recipient_refill_delay", "default_recipient_refill_delay"),
        ("_delivery_slot_cost", "default_delivery_slot_cost"),
        ("_delivery_slot_loan", "default_delivery_slot_loan"),
        ("_delivery_slot_discount", "default_delivery_slot_discount"),
        ("_minimum_delivery_slots", "default_minimum_delivery_slots"),
        ("_initial_destination_concurrency", "initial_destination_concurrency"),
        ("_destination_concurrency_limit", "default_destination_concurrency_limit"),
        ("_destination_recipient_limit", "default_destination_recipient_limit"),
        ("_destination_concurrency_positive_feedback", "default_destination_concurrency_positive_feedback"),
        ("_destination_concurrency_negative_feedback", "default_destination_concurrency_negative_feedback"),
        ("_destination_concurrency_failed_cohort_limit", "default_destination_concurrency_failed_cohort_limit"),
        ("_destination_rate_delay", "default_destination_rate_delay"),
        ("_transport_rate_delay", "default_transport_rate_delay"),
    ];

    private static readonly Lazy<ParameterCatalog> Builtin = new(Load);

    private readonly Dictionary<string, ParameterInfo> parameters;
    private readonly string[] sortedNames;
    private readonly string[] allNamesSorted;
    private readonly Lazy<(int[] Counts, ulong[] Sets)> suggestionHistograms;

    /// <param name="parameters">Every parameter by name (owned by the new catalog).</param>
    /// <param name="sortedNames">The names that are not legacy, in byte order.</param>
    /// <param name="allNamesSorted">Every name, in byte order.</param>
    private ParameterCatalog(Dictionary<string, ParameterInfo> parameters, string[] sortedNames, string[] allNamesSorted)
    {
        this.parameters = parameters;
        this.sortedNames = sortedNames;
        this.allNamesSorted = allNamesSorted;
        suggestionHistograms = new Lazy<(int[] Counts, ulong[] Sets)>(BuildHistograms);
    }

    /// <summary>The built-in parameters of Postfix 3.7.11 (no master.cf services).</summary>
    public static ParameterCatalog Postfix37 => Builtin.Value;

    /// <summary>The Postfix release the catalog describes.</summary>
    public string PostfixVersion => parameters["mail_version"].DefaultValue;

    /// <summary>
    /// The names <c>postconf -d</c> lists, sorted like postconf (byte order). Legacy names are not included; they are
    /// still found by <see cref="Find"/>.
    /// </summary>
    public IReadOnlyList<string> Names => sortedNames;

    /// <summary>Whether <paramref name="name"/> is a parameter Postfix knows (built in, service or legacy).</summary>
    public bool Contains(string name) => parameters.ContainsKey(name);

    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public ParameterInfo? Find(string name) => parameters.GetValueOrDefault(name);

    /// <summary>
    /// A catalog that also has postconf's per-service parameters for master.cf services. For every service whose
    /// command is a delivery agent (<c>local</c>, <c>error</c>, <c>virtual</c>, <c>smtp</c>, <c>lmtp</c>,
    /// <c>pipe</c>) postconf adds <c>service_destination_concurrency_limit = $default_destination_concurrency_limit</c>
    /// and its 15 siblings (pipe and spawn also get <c>service_time_limit = $command_time_limit</c>), unless the name
    /// is already built in.
    /// </summary>
    /// <param name="services">master.cf entries as (service name, command name) pairs, in file order.</param>
    /// <returns>The extended catalog.</returns>
    public ParameterCatalog WithServices(IEnumerable<(string Service, string Command)> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        List<ParameterInfo>? added = null;
        HashSet<string>? addedNames = null;
        foreach (var (service, command) in services)
        {
            var suffixes = command switch
            {
                "local" or "error" or "virtual" or "smtp" or "lmtp" => DeliveryServiceSuffixes,
                "pipe" => [("_time_limit", "command_time_limit"), .. DeliveryServiceSuffixes],
                "spawn" => [("_time_limit", "command_time_limit")],
                _ => [],
            };
            foreach (var (suffix, defaultParameter) in suffixes)
            {
                var name = service + suffix;
                if (!parameters.ContainsKey(name) && (addedNames ??= new(StringComparer.Ordinal)).Add(name))
                {
                    (added ??= []).Add(new ParameterInfo(name, ParameterKind.Service, "$" + defaultParameter, false, false, false));
                }
            }
        }

        if (added is null)
        {
            return this;
        }

        // The built-in table stays as it is: copy it once, add the services, merge the sorted name lists.
        var all = new Dictionary<string, ParameterInfo>(parameters, StringComparer.Ordinal);
        foreach (var info in added)
        {
            all.Add(info.Name, info);
        }

        var newNames = added.Select(p => p.Name).ToArray();
        Array.Sort(newNames, StringComparer.Ordinal);
        return new ParameterCatalog(all, Merge(sortedNames, newNames), Merge(allNamesSorted, newNames));
    }

    /// <summary>Two ordinally sorted name lists as one.</summary>
    private static string[] Merge(string[] a, string[] b)
    {
        var result = new string[a.Length + b.Length];
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length)
        {
            result[k++] = string.CompareOrdinal(a[i], b[j]) <= 0 ? a[i++] : b[j++];
        }

        while (i < a.Length)
        {
            result[k++] = a[i++];
        }

        while (j < b.Length)
        {
            result[k++] = b[j++];
        }

        return result;
    }

    /// <summary>The known name closest to <paramref name="name"/> (for "did you mean"), or null when none is close.</summary>
    public string? SuggestName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        var limit = Math.Max(2, name.Length / 4);
        var histograms = suggestionHistograms.Value;
        Span<int> query = stackalloc int[HistogramSize];
        ulong querySet = 0;
        foreach (var c in name)
        {
            query[HistogramBucket(c)]++;
            querySet |= 1UL << HistogramBucket(c);
        }

        var previous = new int[name.Length + 80];
        var current = new int[name.Length + 80];
        for (var k = 0; k < allNamesSorted.Length; k++)
        {
            var candidate = allNamesSorted[k];
            var bound = Math.Min(limit, bestDistance);
            var candidateSet = histograms.Sets[k];
            if (Math.Abs(candidate.Length - name.Length) > bound
                || Math.Max(System.Numerics.BitOperations.PopCount(querySet & ~candidateSet), System.Numerics.BitOperations.PopCount(candidateSet & ~querySet)) > bound
                || BagDistance(query, histograms.Counts.AsSpan(k * HistogramSize, HistogramSize)) > bound)
            {
                continue;
            }

            if (candidate.Length + 1 > previous.Length)
            {
                previous = new int[candidate.Length + 1];
                current = new int[candidate.Length + 1];
            }

            var distance = EditDistance(name, candidate, bound, previous, current);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= limit && bestDistance > 0 ? best : null;
    }

    /// <summary>Letters, digits, '_' and everything else: the buckets of the character histograms.</summary>
    private const int HistogramSize = 38;

    private static int HistogramBucket(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= '0' and <= '9' => 26 + (c - '0'),
        '_' => 36,
        _ => 37,
    };

    /// <summary>
    /// The bag distance of two character histograms: a lower bound of the edit distance, cheap enough to skip most
    /// candidates before the quadratic comparison (a check of 10,000 unknown names stays fast).
    /// </summary>
    private static int BagDistance(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var more = 0;
        var fewer = 0;
        for (var i = 0; i < HistogramSize; i++)
        {
            var d = a[i] - b[i];
            if (d > 0)
            {
                more += d;
            }
            else
            {
                fewer -= d;
            }
        }

        return Math.Max(more, fewer);
    }

    /// <summary>Per known name: its character histogram and the set of its character buckets (a cheaper first filter).</summary>
    private (int[] Counts, ulong[] Sets) BuildHistograms()
    {
        var counts = new int[allNamesSorted.Length * HistogramSize];
        var sets = new ulong[allNamesSorted.Length];
        for (var k = 0; k < allNamesSorted.Length; k++)
        {
            foreach (var c in allNamesSorted[k])
            {
                counts[(k * HistogramSize) + HistogramBucket(c)]++;
                sets[k] |= 1UL << HistogramBucket(c);
            }
        }

        return (counts, sets);
    }

    /// <summary>
    /// Checks a parameter name as postconf does when asked about it: unknown names get Postfix's
    /// <c>unknown parameter</c> warning (PFC1530) with a suggestion, obsolete ones a PFC1531 warning.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="location">Where the name was found.</param>
    /// <returns>The warnings (none for a current parameter).</returns>
    public IReadOnlyList<Diagnostic> CheckName(string name, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Find(name) is not { } info)
        {
            var suggestion = SuggestName(name);
            var message = suggestion is null ? $"{name}: unknown parameter" : $"{name}: unknown parameter; did you mean \"{suggestion}\"?";
            return [new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.UnknownParameter, message, location)];
        }

        if (info.Obsolete is { } obsolete)
        {
            var instead = obsolete.Replacement is null ? string.Empty : $"; use {obsolete.Replacement} instead";
            return [new Diagnostic(DiagnosticSeverity.Warning, ExpansionDiagnosticCodes.ObsoleteParameter, $"{name}: obsolete parameter ({obsolete.Note}){instead}", location)];
        }

        return [];
    }

    /// <summary>Levenshtein distance, or <see cref="int.MaxValue"/> as soon as it must exceed <paramref name="limit"/>.</summary>
    private static int EditDistance(string a, string b, int limit, int[] previous, int[] current)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return int.MaxValue;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return int.MaxValue;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static ParameterCatalog Load()
    {
        using var stream = typeof(ParameterCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The parameter catalog resource is missing.");
        var data = new byte[stream.Length];
        stream.ReadExactly(data);

        // One line per parameter: NAME TAB FLAGS TAB DEFAULT (Latin-1 bytes), sorted by name.
        var all = new Dictionary<string, ParameterInfo>(1024, StringComparer.Ordinal);
        var names = new List<string>(1024);
        var text = System.Text.Encoding.Latin1.GetString(data).AsSpan();
        while (!text.IsEmpty)
        {
            var end = text.IndexOf('\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var tab1 = line.IndexOf('\t');
            var tab2 = tab1 < 0 ? -1 : line[(tab1 + 1)..].IndexOf('\t');
            if (tab2 < 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Bad catalog line: {line}"));
            }

            tab2 += tab1 + 1;
            var flags = line[(tab1 + 1)..tab2];
            var name = line[..tab1].ToString();
            all[name] = new ParameterInfo(
                name,
                ParameterKind.BuiltIn,
                line[(tab2 + 1)..].ToString(),
                flags.Contains('r'),
                flags.Contains('o'),
                flags.Contains('h'));
            names.Add(name);
        }

        var sorted = names.ToArray();
        if (!IsSorted(sorted))
        {
            Array.Sort(sorted, StringComparer.Ordinal);
        }

        var legacy = new List<string>();
        foreach (var name in ObsoleteParameters.LegacyNames)
        {
            if (all.TryAdd(name, new ParameterInfo(name, ParameterKind.Legacy, string.Empty, false, false, false)))
            {
                legacy.Add(name);
            }
        }

        var legacySorted = legacy.ToArray();
        Array.Sort(legacySorted, StringComparer.Ordinal);
        return new ParameterCatalog(all, sorted, Merge(sorted, legacySorted));
    }

    private static bool IsSorted(string[] names)
    {
        for (var i = 1; i < names.Length; i++)
        {
            if (string.CompareOrdinal(names[i - 1], names[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
