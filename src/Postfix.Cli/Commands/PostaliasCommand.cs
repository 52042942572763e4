using System.Text;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net postalias</c>: the query side of postalias(1). <c>-q KEY</c>, <c>-q -</c> (names on stdin, hits
/// printed as <c>name:&lt;TAB&gt;value</c>) and <c>-s</c>, with <c>-c DIR</c>, <c>-f</c>, <c>-N</c>/<c>-n</c>,
/// <c>-r</c>, <c>-w</c> and <c>-u</c>. Database types are answered from the aliases source file they are built from,
/// taken to be built the way <c>newaliases</c> builds it (no flags); the flags change the query, as they do for postalias.
/// </summary>
internal sealed class PostaliasCommand : ICommand
{
    private const string Program = "postalias";

    public string Name => "postalias";

    public string Summary => "Alias-database queries, with the flags of postalias(1)";

    public string Usage =>
        "Usage: postfix-net postalias [-Nfnruw] [-c config_dir] -q name [type:]file...\n" +
        "       postfix-net postalias [-Nfnruw] [-c config_dir] -q - [type:]file... < names\n" +
        "       postfix-net postalias [-Nfnruw] [-c config_dir] -s [type:]file\n\n" +
        "Queries alias databases exactly like postalias(1): exit status 0 when found, 1 when not.\n" +
        "hash/btree/lmdb/cdb/dbm/sdbm (and no type) read the aliases source file named by the table.\n" +
        "The database is taken to be built by newaliases or postalias without flags; -f, -N and -n change the query.\n";

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var (options, operands) = new Getopt("Nc:d:finopq:rsuvw").Parse(args, "postfix-net postalias");
        string? configDir = null;
        string? query = null;
        var sequence = false;
        var utf8Request = true;
        var o = LookupTableOptions.Default;
        foreach (var (flag, value) in options)
        {
            switch (flag)
            {
                case 'c':
                    configDir = value;
                    break;
                case 'f':
                    o = o with { FoldCase = false };
                    break;
                case 'N':
                    o = o with { QueryNulls = NullTermination.Include };
                    break;
                case 'n':
                    o = o with { QueryNulls = NullTermination.Exclude };
                    break;
                case 'r':
                    o = o with { Duplicates = DuplicateKeyMode.Replace };
                    break;
                case 'w':
                    o = o with { Duplicates = DuplicateKeyMode.Ignore };
                    break;
                case 'u':
                    utf8Request = false;
                    break;
                case 'v':
                    break;
                case 'q':
                    if (sequence || query is not null)
                    {
                        return Fatal(context, "specify only one of -s -q or -d", false);
                    }

                    query = value;
                    break;
                case 's':
                    if (query is not null)
                    {
                        return Fatal(context, "specify only one of -s or -q or -d", false);
                    }

                    sequence = true;
                    break;
                default:
                    throw new UsageException($"postfix-net postalias: option -{flag} is not supported (only queries: -q, -s with -c, -f, -N, -n, -r, -u, -w)");
            }
        }

        if (query is null && !sequence)
        {
            throw new UsageException("postfix-net postalias: building databases is not supported; use -q NAME, -q - or -s");
        }

        if (operands.Count == 0)
        {
            return Fatal(context, "usage: postalias [-Nfinoprsuvw] [-c config_dir] [-d key] [-q key] [map_type:]file...", false);
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
            return Fatal(context, $"open {mainCf}: No such file or directory", false);
        }

        var mainUtf8 = LookupTableOptions.FromMainCf(mainCfBytes).Utf8;
        var utf8 = utf8Request && mainUtf8;
        o = o with { Utf8 = utf8, DatabaseUtf8 = mainUtf8 };
        var factory = new LookupTableFactory(context.FileSystem);
        var output = new MemoryStream();
        try
        {
            int code;
            if (sequence)
            {
                code = Sequence(context, factory, operands[0], o, output);
            }
            else if (query == "-")
            {
                code = await QueriesAsync(context, factory, operands, o, output);
            }
            else
            {
                code = Query(context, factory, query!, operands, o, output);
            }

            context.WriteOutBytes(output.ToArray());
            return code;
        }
        catch (LookupTableOpenException e)
        {
            context.WriteOutBytes(output.ToArray());
            return Fatal(context, e.Message, utf8);
        }
    }

    private static int Query(CliContext context, LookupTableFactory factory, string query, List<string> operands, LookupTableOptions options, MemoryStream output)
    {
        var key = Encoding.UTF8.GetBytes(query);
        foreach (var operand in operands)
        {
            var table = Open(context, factory, operand, options);
            var value = LookupBytes(context, table, key, options.Utf8);
            if (value is not null)
            {
                if (value.Length == 0)
                {
                    WarnEmpty(context, operand, key, options.Utf8);
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
                tables[n] ??= Open(context, factory, operands[n], options);
                var value = LookupBytes(context, tables[n]!, key, options.Utf8);
                if (value is not null)
                {
                    if (value.Length == 0)
                    {
                        WarnEmpty(context, operands[n], shown, options.Utf8);
                    }

                    output.Write(shown);
                    output.Write(":\t"u8);
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
        var table = Open(context, factory, operand, options);
        IEnumerable<(byte[] Key, byte[] Value)> entries = table switch
        {
            AliasTable a => a.SequenceBytes(),
            TexthashTable t => t.SequenceBytes(),
            InlineTable i => i.Sequence().Select(e => (Encoding.UTF8.GetBytes(e.Key), Encoding.UTF8.GetBytes(e.Value))),
            _ => throw new LookupTableOpenException($"table {operand}: sequence operation is not supported"),
        };
        foreach (var (key, value) in entries)
        {
            if (key.Length == 0)
            {
                Warn(context, $"table {Display(operand)}: empty lookup key value is not allowed", options.Utf8);
            }
            else if (value.Length == 0)
            {
                WarnEmpty(context, operand, key, options.Utf8);
            }

            output.Write(key);
            output.Write(":\t"u8);
            output.Write(value);
            output.WriteByte((byte)'\n');
        }

        return 0;
    }

    private static ILookupTable Open(CliContext context, LookupTableFactory factory, string operand, LookupTableOptions options)
    {
        // A database was built earlier (by newaliases or postalias without flags): -r/-w only matter for texthash.
        var (type, _) = LookupTableFactory.Split(operand);
        var table = factory.OpenAliases(operand, LookupTableFactory.IsDatabaseType(type) ? options with { Duplicates = DuplicateKeyMode.Warn } : options);
        if (table is LookupTable { WarnsOnOpen: true } ours)
        {
            foreach (var w in ours.PostfixWarnings)
            {
                Warn(context, w, options.Utf8);
            }
        }
        else if (table is Postfix.Config.Tables.Regexp.RegexpTable r)
        {
            r.Document.PostfixWarnings.ToList().ForEach(w => Warn(context, w, options.Utf8));
        }
        else if (table is Postfix.Config.Tables.Regexp.PcreTable p)
        {
            p.Document.PostfixWarnings.ToList().ForEach(w => Warn(context, w, options.Utf8));
        }

        return table;
    }

    private static byte[]? LookupBytes(CliContext context, ILookupTable table, byte[] key, bool utf8)
    {
        if (table is LookupTable ours)
        {
            return ours.LookupBytes(key, w => Warn(context, w, utf8));
        }

        var nul = Array.IndexOf(key, (byte)0);
        var value = table.Lookup(Encoding.UTF8.GetString(nul >= 0 ? key[..nul] : key));
        return value is null ? null : Encoding.UTF8.GetBytes(value);
    }

    private static string Display(string operand)
    {
        var (type, name) = LookupTableFactory.Split(operand);
        return type + ":" + name;
    }

    private static void WarnEmpty(CliContext context, string operand, byte[] key, bool utf8)
    {
        WarnBytes(context, [.. Encoding.UTF8.GetBytes($"table {Display(operand)}: key "), .. key, .. ": empty string result is not allowed"u8], utf8);
        Warn(context, $"table {Display(operand)} should return NO RESULT in case of NOT FOUND", utf8);
    }

    private static void Warn(CliContext context, string message, bool utf8) => WarnBytes(context, Encoding.UTF8.GetBytes(message), utf8);

    private static void WarnBytes(CliContext context, byte[] message, bool utf8)
    {
        context.Error.Flush();
        context.StderrStream.Write([.. Encoding.ASCII.GetBytes($"{Program}: warning: "), .. PostfixLogText.Printable(message, utf8), (byte)'\n']);
        context.StderrStream.Flush();
    }

    private static int Fatal(CliContext context, string message, bool utf8)
    {
        context.Error.Flush();
        context.StderrStream.Write([.. Encoding.ASCII.GetBytes($"{Program}: fatal: "), .. PostfixLogText.Printable(Encoding.UTF8.GetBytes(message), utf8), (byte)'\n']);
        context.StderrStream.Flush();
        return 1;
    }
}
