using System.Text;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;

namespace Postfix.Cli.Commands;

/// <summary>
/// The query side that postmap(1) and postalias(1) share: the getopt flags <c>-c</c>, <c>-f</c>, <c>-r</c>, <c>-w</c>,
/// <c>-q</c>, <c>-s</c> (with Postfix's "specify only one of" errors), reading main.cf for SMTPUTF8, and the three
/// modes <c>-q KEY</c>, <c>-q -</c> and <c>-s</c> with stdout written in one piece and a table that cannot be opened
/// reported as the program's fatal error. A verb supplies its extra flags, how it opens a table, and what stands
/// between key and value in its output.
/// </summary>
internal abstract class TableQueryCommand : ICommand
{
    public abstract string Name { get; }

    public abstract string Summary { get; }

    public abstract string Usage { get; }

    /// <summary>The getopt letters the real program accepts.</summary>
    protected abstract string OptionLetters { get; }

    /// <summary>The flags named in the "not supported" message after <c>-q, -s with </c>.</summary>
    protected abstract string SupportedFlags { get; }

    /// <summary>How the usage error names <c>-q</c>'s operand (<c>-q KEY</c>).</summary>
    protected abstract string QueryForm { get; }

    /// <summary>The real program's usage line (its fatal error when no table is named).</summary>
    protected abstract string PostfixUsage { get; }

    /// <summary>What <c>-q -</c> and <c>-s</c> print between key and value.</summary>
    protected abstract ReadOnlySpan<byte> KeySeparator { get; }

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var session = new TableQuerySession(context, Name);
        var (options, operands) = new Getopt(OptionLetters).Parse(args, "postfix-net " + Name);
        var request = new Request();
        foreach (var (flag, value) in options)
        {
            switch (flag)
            {
                case 'c':
                    request.ConfigDirectory = value;
                    break;
                case 'f':
                    request.Options = request.Options with { FoldCase = false };
                    break;
                case 'r':
                    request.Options = request.Options with { Duplicates = DuplicateKeyMode.Replace };
                    break;
                case 'w':
                    request.Options = request.Options with { Duplicates = DuplicateKeyMode.Ignore };
                    break;
                case 'q':
                    if (request.Sequence || request.Query is not null)
                    {
                        return session.Fatal("specify only one of -s -q or -d");
                    }

                    request.Query = value;
                    break;
                case 's':
                    if (request.Query is not null)
                    {
                        return session.Fatal("specify only one of -s or -q or -d");
                    }

                    request.Sequence = true;
                    break;
                default:
                    if (!TryApplyFlag(flag, request))
                    {
                        throw new UsageException($"postfix-net {Name}: option -{flag} is not supported (only queries: -q, -s with {SupportedFlags})");
                    }

                    break;
            }
        }

        if (request.Query is null && !request.Sequence)
        {
            throw new UsageException($"postfix-net {Name}: building databases is not supported; use {QueryForm}, -q - or -s");
        }

        if (operands.Count == 0)
        {
            return session.Fatal(PostfixUsage);
        }

        var mainCf = context.FileSystem.Path.Combine(request.ConfigDirectory ?? context.Environment("MAIL_CONFIG") ?? "/etc/postfix", "main.cf");
        byte[] mainCfBytes;
        try
        {
            mainCfBytes = context.FileSystem.File.ReadAllBytes(mainCf);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return session.Fatal($"open {mainCf}: No such file or directory");
        }

        // The database was built with main.cf's setting; -u (postalias) turns SMTPUTF8 off for this query only.
        var mainUtf8 = LookupTableOptions.FromMainCf(mainCfBytes).Utf8;
        session.Options = request.Options with { Utf8 = request.Utf8 && mainUtf8, DatabaseUtf8 = mainUtf8, MainCf = Postfix.Config.MainCf.MainCfDocument.Parse(mainCfBytes, new Postfix.Config.MainCf.MainCfOptions { SourceName = mainCf }) };
        session.Utf8Logging = session.Options.Utf8;
        try
        {
            int code;
            if (request.Sequence)
            {
                code = Sequence(session, operands[0]);
            }
            else if (request.Query == "-")
            {
                code = await QueriesAsync(session, operands);
            }
            else
            {
                code = await QueryAsync(session, request.Query!, operands);
            }

            context.WriteOutBytes(session.Output.ToArray());
            return code;
        }
        catch (LookupTableOpenException e)
        {
            context.WriteOutBytes(session.Output.ToArray());
            return session.Fatal(e.Message);
        }
    }

    /// <summary>Applies a flag the shared set does not know; false when the verb does not support it either.</summary>
    protected virtual bool TryApplyFlag(char flag, Request request) => false;

    /// <summary>Opens a table the way the real program does (open warnings are printed by the caller).</summary>
    /// <exception cref="LookupTableOpenException">The program would stop with a fatal error.</exception>
    protected abstract ILookupTable OpenTable(TableQuerySession session, string operand);

    /// <summary>
    /// The lookup of <c>-q KEY</c> in one table: open it (printing its open warnings) and look the key up. A verb may
    /// answer a single key without building the table, with the same answer and warnings.
    /// </summary>
    /// <exception cref="LookupTableOpenException">The program would stop with a fatal error.</exception>
    protected virtual Task<byte[]?> LookupOneAsync(TableQuerySession session, string operand, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Task.FromResult(session.LookupBytes(Open(session, operand), key));
    }

    private ILookupTable Open(TableQuerySession session, string operand)
    {
        var table = OpenTable(session, operand);
        session.PrintOpenWarnings(table);
        return table;
    }

    private async Task<int> QueryAsync(TableQuerySession session, string query, List<string> operands)
    {
        var key = Encoding.UTF8.GetBytes(query);
        foreach (var operand in operands)
        {
            var value = await LookupOneAsync(session, operand, key);
            if (value is not null)
            {
                if (value.Length == 0)
                {
                    session.WarnEmpty(operand, key);
                }

                session.Output.Write(value);
                session.Output.WriteByte((byte)'\n');
                return 0;
            }
        }

        return 1;
    }

    /// <summary><c>-q -</c>: one key a line of stdin (split at LF only); a key is shown up to its first NUL byte.</summary>
    private async Task<int> QueriesAsync(TableQuerySession session, List<string> operands)
    {
        var input = new MemoryStream();
        await session.Context.StdinStream.CopyToAsync(input, session.Context.CancellationToken);
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
                tables[n] ??= Open(session, operands[n]);
                var value = session.LookupBytes(tables[n]!, key);
                if (value is not null)
                {
                    if (value.Length == 0)
                    {
                        session.WarnEmpty(operands[n], shown);
                    }

                    session.WriteEntry(shown, KeySeparator, value);
                    found = true;
                    break;
                }
            }
        }

        return found ? 0 : 1;
    }

    private int Sequence(TableQuerySession session, string operand)
    {
        var table = Open(session, operand);
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
                session.WarnEmptyKey(operand);
            }
            else if (value.Length == 0)
            {
                session.WarnEmpty(operand, key);
            }

            session.WriteEntry(key, KeySeparator, value);
        }

        return 0;
    }

    /// <summary>The flags of one run.</summary>
    protected sealed class Request
    {
        /// <summary><c>-c DIR</c>.</summary>
        public string? ConfigDirectory { get; set; }

        /// <summary><c>-q KEY</c> (<c>-</c>: keys on stdin).</summary>
        public string? Query { get; set; }

        /// <summary><c>-s</c>.</summary>
        public bool Sequence { get; set; }

        /// <summary>Folding, duplicates and NUL handling from the flags (SMTPUTF8 comes from main.cf).</summary>
        public LookupTableOptions Options { get; set; } = LookupTableOptions.Default;

        /// <summary>Whether SMTPUTF8 may be on (postalias <c>-u</c> turns it off).</summary>
        public bool Utf8 { get; set; } = true;
    }
}
