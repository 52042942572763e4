using Postfix.Config;
using System.Text;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Regexp;

namespace Postfix.Cli.Commands;

/// <summary>
/// One run of a table-query verb (<see cref="TableQueryCommand"/>): the buffered stdout, the table options and the
/// program's stderr lines (<c>postmap: warning: …</c>, <c>postalias: fatal: …</c>) with Postfix's masking of
/// unprintable bytes, which depends on whether SMTPUTF8 is active for this run.
/// </summary>
internal sealed class TableQuerySession
{
    public TableQuerySession(CliContext context, string program)
    {
        Context = context;
        Program = program;
        Factory = new LookupTableFactory(context.FileSystem);
    }

    public CliContext Context { get; }

    /// <summary>The name in front of every stderr line (<c>postmap</c>, <c>postalias</c>).</summary>
    public string Program { get; }

    public LookupTableFactory Factory { get; }

    /// <summary>The options tables are opened with (set once main.cf has been read).</summary>
    public LookupTableOptions Options { get; set; } = LookupTableOptions.Default;

    /// <summary>Whether log lines keep valid UTF-8 (false until main.cf has been read, as in Postfix).</summary>
    public bool Utf8Logging { get; set; }

    /// <summary>Standard output, written in one piece when the run ends (also before a fatal error).</summary>
    public MemoryStream Output { get; } = new();

    /// <summary>Prints the warnings Postfix logs when it opens <paramref name="table"/>.</summary>
    public void PrintOpenWarnings(ILookupTable table)
    {
        if (table is LookupTable ours)
        {
            if (ours.WarnsOnOpen)
            {
                foreach (var w in ours.PostfixWarnings)
                {
                    Warn(w);
                }
            }

            return;
        }

        IEnumerable<string> warnings = table switch
        {
            PatternTable p => p.Document.PostfixWarnings,
            _ => table.Diagnostics.Select(d => d.Message),
        };
        foreach (var w in warnings)
        {
            Warn(w);
        }
    }

    /// <summary>Looks <paramref name="key"/> up as bytes, printing lookup-time warnings (a NUL byte ends the key).</summary>
    public byte[]? LookupBytes(ILookupTable table, byte[] key)
    {
        if (table is LookupTable ours)
        {
            return ours.LookupBytes(key, Warn);
        }

        var nul = Array.IndexOf(key, (byte)0);
        var value = table.Lookup(Encoding.UTF8.GetString(nul >= 0 ? key[..nul] : key));
        return value is null ? null : Encoding.UTF8.GetBytes(value);
    }

    /// <summary>Appends <c>key SEPARATOR value LF</c> to the output.</summary>
    public void WriteEntry(byte[] key, ReadOnlySpan<byte> separator, byte[] value)
    {
        Output.Write(key);
        Output.Write(separator);
        Output.Write(value);
        Output.WriteByte((byte)'\n');
    }

    /// <summary>The two warnings Postfix prints when a table answers with an empty string.</summary>
    public void WarnEmpty(string operand, byte[] key)
    {
        var table = Display(operand);
        WarnBytes([.. Encoding.UTF8.GetBytes($"table {table}: key "), .. key, .. ": empty string result is not allowed"u8]);
        Warn($"table {table} should return NO RESULT in case of NOT FOUND");
    }

    /// <summary>The warning Postfix prints when <c>-s</c> meets an empty key.</summary>
    public void WarnEmptyKey(string operand) => Warn($"table {Display(operand)}: empty lookup key value is not allowed");

    public void Warn(string message) => WarnBytes(Encoding.UTF8.GetBytes(message));

    public void WarnBytes(byte[] message) => Log("warning", message);

    /// <summary>Prints <c>PROGRAM: fatal: message</c>; returns the exit status 1.</summary>
    public int Fatal(string message)
    {
        Log("fatal", Encoding.UTF8.GetBytes(message));
        return 1;
    }

    /// <summary>A table operand as Postfix names it in messages: <c>type:name</c> (the type made explicit).</summary>
    private static string Display(string operand)
    {
        var (type, name) = LookupTableFactory.Split(operand);
        return type + ":" + name;
    }

    private void Log(string level, byte[] message)
    {
        Context.Error.Flush();
        Context.StderrStream.Write([.. Encoding.ASCII.GetBytes($"{Program}: {level}: "), .. PostfixText.Printable(message, Utf8Logging), (byte)'\n']);
        Context.StderrStream.Flush();
    }
}
