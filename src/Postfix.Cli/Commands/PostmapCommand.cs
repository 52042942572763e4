using Postfix.Config.Tables;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net postmap</c>: the query side of postmap(1). <c>-q KEY</c>, <c>-q -</c> (keys on stdin, hits printed as
/// <c>key&lt;TAB&gt;value</c>) and <c>-s</c>, with <c>-c DIR</c>, <c>-f</c>, <c>-r</c> and <c>-w</c>; same stdout and exit
/// status as postmap, warnings on stderr in Postfix's words. The flags and modes are <see cref="TableQueryCommand"/>'s;
/// postmap adds the one-pass texthash scan for <c>-q KEY</c>.
/// </summary>
internal sealed class PostmapCommand : TableQueryCommand
{
    public override string Name => "postmap";

    public override string Summary => "Lookup-table queries, with the flags of postmap(1)";

    public override string Usage =>
        "Usage: postfix-net postmap [-frw] [-c config_dir] -q key [type:]file...\n" +
        "       postfix-net postmap [-frw] [-c config_dir] -q - [type:]file... < keys\n" +
        "       postfix-net postmap [-frw] [-c config_dir] -s [type:]file\n\n" +
        "Queries lookup tables exactly like postmap(1): exit status 0 when found, 1 when not.\n" +
        "Types: texthash, hash/btree/lmdb/cdb/dbm/sdbm (the source file is read), cidr, regexp, pcre, inline, static.\n";

    protected override string OptionLetters => "bc:d:fFhimnNopq:rsuUvw";

    protected override string SupportedFlags => "-c, -f, -r, -w";

    protected override string QueryForm => "-q KEY";

    protected override string PostfixUsage => "usage: postmap [-bfhimnNoprsuUvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";

    protected override ReadOnlySpan<byte> KeySeparator => "\t"u8;

    protected override ILookupTable OpenTable(TableQuerySession session, string operand) =>
        session.Factory.Open(operand, session.Options);

    protected override Task<byte[]?> LookupOneAsync(TableQuerySession session, string operand, byte[] key)
    {
        var (type, name) = LookupTableFactory.Split(operand);
        if (type != "texthash" || name.Length == 0)
        {
            return base.LookupOneAsync(session, operand, key);
        }

        // One key: the library scans the file once without building the table (same answer and warnings).
        return Task.FromResult(session.Factory.Query(operand, key, session.Options, session.Warn));
    }
}
