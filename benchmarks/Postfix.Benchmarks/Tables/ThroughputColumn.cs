using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Postfix.Benchmarks.Tables;

/// <summary>
/// Throughput columns for the table benchmarks: <c>MB/s</c> for benchmarks that read a whole source (bytes from
/// <see cref="TexthashBenchmarks.SourceLength"/>), <c>ops/s</c> (lookups per second) for every benchmark, both from the
/// mean time per operation.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    private readonly bool _megabytes;

    private ThroughputColumn(bool megabytes) => _megabytes = megabytes;

    /// <summary>The MB/s column.</summary>
    public static IColumn MegabytesPerSecond { get; } = new ThroughputColumn(true);

    /// <summary>The lookups/s column.</summary>
    public static IColumn OperationsPerSecond { get; } = new ThroughputColumn(false);

    /// <inheritdoc/>
    public string Id => _megabytes ? "MBps" : "OpsPerSecond";

    /// <inheritdoc/>
    public string ColumnName => _megabytes ? "MB/s" : "ops/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => _megabytes ? 0 : 1;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => _megabytes ? "Source megabytes (10^6 bytes) processed per second" : "Operations (lookups) per second";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var report = summary[benchmarkCase];
        var mean = report?.ResultStatistics?.Mean;
        if (mean is null or <= 0)
        {
            return "-";
        }

        var perSecond = 1e9 / mean.Value;
        if (!_megabytes)
        {
            return perSecond.ToString("N0", CultureInfo.InvariantCulture);
        }

        var method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        if (benchmarkCase.Descriptor.Type != typeof(TexthashBenchmarks) || method is not (nameof(TexthashBenchmarks.Load) or nameof(TexthashBenchmarks.Scan)))
        {
            return "-";
        }

        var lines = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(TexthashBenchmarks.Lines))?.Value is int n ? n : 0;
        return (TexthashBenchmarks.SourceLength(lines) * perSecond / 1e6).ToString("N1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>Adds both columns to a benchmark class.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class ColumnsAttribute : Attribute, IConfigSource
    {
        /// <summary>Creates the attribute.</summary>
        public ColumnsAttribute() => Config = ManualConfig.CreateEmpty().AddColumn(MegabytesPerSecond, OperationsPerSecond);

        /// <inheritdoc/>
        public IConfig Config { get; }
    }
}
