namespace Postfix.Cli.Commands;

/// <summary>
/// What the checkers of one <c>postfix-net check</c> run looked at, for the summary it prints on a clean configuration.
/// Each checker records what it read; nothing here changes what is checked.
/// </summary>
internal sealed class CheckReport
{
    private readonly List<string> _files = [];
    private readonly SortedSet<string> _tables = new(StringComparer.Ordinal);

    /// <summary>The files read, in the order they were first read.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The number of distinct parameter names main.cf sets.</summary>
    public int Parameters { get; set; }

    /// <summary>The number of services master.cf defines.</summary>
    public int Services { get; set; }

    /// <summary>The distinct lookup tables (<c>type:name</c>) the configuration names.</summary>
    public IReadOnlyCollection<string> Tables => _tables;

    /// <summary>Records a file that was read (once).</summary>
    public void AddFile(string path)
    {
        if (!_files.Contains(path, StringComparer.Ordinal))
        {
            _files.Add(path);
        }
    }

    /// <summary>Records a lookup table that was checked (once).</summary>
    public void AddTable(string table) => _tables.Add(table);

    /// <summary>The summary lines, each ending in a newline.</summary>
    public string Format(string configDirectory)
    {
        var text = new System.Text.StringBuilder();
        text.Append("checked ").Append(configDirectory).Append(": ")
            .Append(Count(Files.Count, "file")).Append(", ")
            .Append(Count(Parameters, "parameter")).Append(" set in main.cf, ")
            .Append(Count(Services, "service")).Append(" in master.cf, ")
            .Append(Count(Tables.Count, "lookup table")).Append('\n');
        foreach (var file in Files)
        {
            text.Append("  file  ").Append(file).Append('\n');
        }

        foreach (var table in Tables)
        {
            text.Append("  table ").Append(table).Append('\n');
        }

        text.Append("no problems found\n");
        return text.ToString();
    }

    private static string Count(int n, string noun) =>
        n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
}
