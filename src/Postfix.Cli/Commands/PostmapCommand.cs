using System.Text;
using Postfix.Config.Tables;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net postmap</c>: the query side of postmap(1). <c>-q KEY</c>, <c>-q -</c> (keys on stdin, hits printed as
/// <c>key&lt;TAB&gt;value</c>) and <c>-s</c>, with <c>-c DIR</c>, <c>-f</c>, <c>-r</c> and <c>-w</c>; same stdout and exit
/// status as postmap, warnings on stderr in Postfix's words.
/// </summary>
internal sealed class PostmapCommand : ICommand
{
    private const string Program = "postmap";
    private static readonly AsyncLocal<bool> Utf8Logging = new();

    public string Name => "postmap";

    public string Summary => "Lookup-table queries, with the flags of postmap(1)";

    public string Usage =>
        "Usage: postfix-net postmap [-frw] [-c config_dir] -q key [type:]file...\n" +
        "       postfix-net postmap [-frw] [-c config_dir] -q - [type:]file... < keys\n" +
        "       postfix-net postmap [-frw] [-c config_dir] -s [type:]file\n\n" +
        "Queries lookup tables exactly like postmap(1): exit status 0 when found, 1 when not.\n" +
        "Types: texthash, hash/btree/lmdb/cdb/dbm/sdbm (the source file is read), cidr, regexp, pcre, inline, static.\n";

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var (options, operands) = new Getopt("bc:d:fFhimnNopq:rsuUvw").Parse(args, "postfix-net postmap");
        string? configDir = null;
        string? query = null;
        var sequence = false;
        var tableOptions = LookupTableOptions.Default;
        foreach (var (flag, value) in options)
        {
            switch (flag)
            {
                case 'c':
                    configDir = value;
                    break;
                case 'f':
                    tableOptions = tableOptions with { FoldCase = false };
                    break;
                case 'r':
                    tableOptions = tableOptions with { Duplicates = DuplicateKeyMode.Replace };
                    break;
                case 'w':
                    tableOptions = tableOptions with { Duplicates = DuplicateKeyMode.Ignore };
                    break;
                case 'q':
                    if (sequence || query is not null)
                    {
                        return Fatal(context, "specify only one of -s -q or -d");
                    }

                    query = value;
                    break;
                case 's':
                    if (query is not null)
                    {
                        return Fatal(context, "specify only one of -s or -q or -d");
                    }

                    sequence = true;
                    break;
                default:
                    throw new UsageException($"postfix-net postmap: option -{flag} is not supported (only queries: -q, -s with -c, -f, -r, -w)");
            }
        }

        if (query is null && !sequence)
        {
            throw new UsageException("postfix-net postmap: building databases is not supported; use -q KEY, -q - or -s");
        }

        if (operands.Count == 0)
        {
            return Fatal(context, "usage: postmap [-bfhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...");
        }

        configDir ??= context.Environment("MAIL_CONFIG") ?? "/etc/postfix";
        var mainCf = context.FileSystem.Path.Combine(configDir, "main.cf");
        byte[] mainCfBytes;
        try
        {
            mainCfBytes = await context.FileSystem.File.ReadAllBytesAsync(mainCf, context.CancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Fatal(context, $"open {mainCf}: No such file or directory");
        }

        var utf8 = LookupTableOptions.FromMainCf(mainCfBytes).Utf8;
        Utf8Logging.Value = utf8;
        tableOptions = tableOptions with { Utf8 = utf8 };
        var factory = new LookupTableFactory(context.FileSystem);
        var output = new MemoryStream();
        try
        {
            int code;
            if (sequence)
            {
                code = Sequence(context, factory, operands[0], tableOptions, output);
            }
            else if (query == "-")
            {
                code = await QueriesAsync(context, factory, operands, tableOptions, output);
            }
            else
            {
                code = await QueryAsync(context, factory, query!, operands, tableOptions, output);
            }

            context.WriteOutBytes(output.ToArray());
            return code;
        }
        catch (LookupTableOpenException e)
        {
            context.WriteOutBytes(output.ToArray());
            return Fatal(context, e.Message);
        }
    }

    private static async Task<int> QueryAsync(CliContext context, LookupTableFactory factory, string query, List<string> operands, LookupTableOptions options, MemoryStream output)
    {
        var key = Encoding.UTF8.GetBytes(query);
        foreach (var operand in operands)
        {
            var (type, name) = LookupTableFactory.Split(operand);
            byte[]? value;
            if (type == "texthash")
            {
                // One key: scan the file once without building the table (same answer and warnings).
                byte[] bytes;
                try
                {
                    bytes = await context.FileSystem.File.ReadAllBytesAsync(name, context.CancellationToken);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    return Fatal(context, $"open database {name}: No such file or directory");
                }
                catch (UnauthorizedAccessException)
                {
                    return Fatal(context, context.FileSystem.Directory.Exists(name) ? $"read {name}: Is a directory" : $"open database {name}: Permission denied");
                }

                value = TexthashScan.Lookup(bytes, name, key, options, w => Warn(context, w));
            }
            else
            {
                var table = factory.Open(operand, options);
                value = Lookup(context, table, key);
            }

            if (value is not null)
            {
                if (value.Length == 0)
                {
                    WarnEmpty(context, type, name, key);
                }

                output.Write(value);
                output.WriteByte((byte)'\n');
                return 0;
            }
        }

        return 1;
    }

    private static async Task<int> QueriesAsync(CliContext context, LookupTableFactory factory, List<string> operands, LookupTableOptions options, MemoryStream output)
    {
        var input = new MemoryStream();
        await context.StdinStream.CopyToAsync(input, context.CancellationToken);
        var bytes = input.ToArray();
        var tables = new ILookupTable?[operands.Count];
        var found = false;
        var pos = 0;
        while (pos < bytes.Length)
        {
            var lf = Array.IndexOf(bytes, (byte)'\n', pos);
            var end = lf < 0 ? bytes.Length : lf;
            var key = bytes.AsSpan(pos, end - pos).ToArray();
            pos = end + 1;
            var nul = Array.IndexOf(key, (byte)0);
            var shown = nul >= 0 ? key[..nul] : key;
            for (var n = 0; n < operands.Count; n++)
            {
                if (tables[n] is null)
                {
                    tables[n] = factory.Open(operands[n], options);
                    PrintOpenWarnings(context, tables[n]!);
                }

                var value = LookupBytes(context, tables[n]!, key);
                if (value is not null)
                {
                    if (value.Length == 0)
                    {
                        var (type, name) = LookupTableFactory.Split(operands[n]);
                        WarnEmpty(context, type, name, shown);
                    }

                    output.Write(shown);
                    output.WriteByte((byte)'\t');
                    output.Write(value);
                    output.WriteByte((byte)'\n');
                    found = true;
                    break;
                }
            }
        }

        return found ? 0 : 1;
    }

    private static int Sequence(CliContext context, LookupTableFactory factory, string operand, LookupTableOptions options, MemoryStream output)
    {
        var table = factory.Open(operand, options);
        PrintOpenWarnings(context, table);
        IEnumerable<KeyValuePair<string, string>> entries = table switch
        {
            TexthashTable t => t.Sequence(),
            InlineTable i => i.Sequence(),
            _ => throw new LookupTableOpenException($"table {operand}: sequence operation is not supported"),
        };
        if (table is TexthashTable texthash)
        {
            foreach (var (key, value) in texthash.SequenceBytes())
            {
                WriteEntry(context, operand, output, key, value);
            }

            return 0;
        }

        foreach (var (key, value) in entries)
        {
            WriteEntry(context, operand, output, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
        }

        return 0;
    }

    private static void WriteEntry(CliContext context, string operand, MemoryStream output, byte[] key, byte[] value)
    {
        var (type, name) = LookupTableFactory.Split(operand);
        if (key.Length == 0)
        {
            Warn(context, $"table {type}:{name}: empty lookup key value is not allowed");
        }
        else if (value.Length == 0)
        {
            WarnEmpty(context, type, name, key);
        }

        output.Write(key);
        output.WriteByte((byte)'\t');
        output.Write(value);
        output.WriteByte((byte)'\n');
    }

    private static byte[]? Lookup(CliContext context, ILookupTable table, byte[] key)
    {
        PrintOpenWarnings(context, table);
        return LookupBytes(context, table, key);
    }

    private static byte[]? LookupBytes(CliContext context, ILookupTable table, byte[] key)
    {
        if (table is LookupTable ours)
        {
            return ours.LookupBytes(key, w => Warn(context, w));
        }

        var nul = Array.IndexOf(key, (byte)0);
        var value = table.Lookup(Encoding.UTF8.GetString(nul >= 0 ? key[..nul] : key));
        return value is null ? null : Encoding.UTF8.GetBytes(value);
    }

    private static void PrintOpenWarnings(CliContext context, ILookupTable table)
    {
        if (table is LookupTable ours)
        {
            if (ours.WarnsOnOpen)
            {
                foreach (var w in ours.PostfixWarnings)
                {
                    Warn(context, w);
                }
            }

            return;
        }

        IEnumerable<string> warnings = table switch
        {
            Postfix.Config.Tables.Regexp.RegexpTable r => r.Document.PostfixWarnings,
            Postfix.Config.Tables.Regexp.PcreTable p => p.Document.PostfixWarnings,
            _ => table.Diagnostics.Select(d => d.Message),
        };
        foreach (var w in warnings)
        {
            Warn(context, w);
        }
    }

    private static void WarnEmpty(CliContext context, string type, string name, byte[] key)
    {
        WarnBytes(context, [.. Encoding.UTF8.GetBytes($"table {type}:{name}: key "), .. key, .. ": empty string result is not allowed"u8]);
        Warn(context, $"table {type}:{name} should return NO RESULT in case of NOT FOUND");
    }

    private static void Warn(CliContext context, string message) => WarnBytes(context, Encoding.UTF8.GetBytes(message));

    private static void WarnBytes(CliContext context, byte[] message)
    {
        context.Error.Flush();
        context.StderrStream.Write([.. Encoding.ASCII.GetBytes($"{Program}: warning: "), .. PostfixLogText.Printable(message, Utf8Logging.Value), (byte)'\n']);
        context.StderrStream.Flush();
    }

    private static int Fatal(CliContext context, string message)
    {
        context.Error.Flush();
        context.StderrStream.Write([.. Encoding.ASCII.GetBytes($"{Program}: fatal: "), .. PostfixLogText.Printable(Encoding.UTF8.GetBytes(message), Utf8Logging.Value), (byte)'\n']);
        context.StderrStream.Flush();
        return 1;
    }
}
