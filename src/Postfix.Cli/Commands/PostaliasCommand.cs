using Postfix.Config.Tables;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net postalias</c>: the query side of postalias(1). <c>-q KEY</c>, <c>-q -</c> (names on stdin, hits
/// printed as <c>name:&lt;TAB&gt;value</c>) and <c>-s</c>, with <c>-c DIR</c>, <c>-f</c>, <c>-N</c>/<c>-n</c>,
/// <c>-r</c>, <c>-w</c> and <c>-u</c>. Database types are answered from the aliases source file they are built from,
/// taken to be built the way <c>newaliases</c> builds it (no flags); the flags change the query, as they do for postalias.
/// The shared flags and modes are <see cref="TableQueryCommand"/>'s.
/// </summary>
internal sealed class PostaliasCommand : TableQueryCommand
{
    public override string Name => "postalias";

    public override string Summary => "Alias-database queries, with the flags of postalias(1)";

    public override string Usage =>
        "Usage: postfix-net postalias [-Nfnruw] [-c config_dir] -q name [type:]file...\n" +
        "       postfix-net postalias [-Nfnruw] [-c config_dir] -q - [type:]file... < names\n" +
        "       postfix-net postalias [-Nfnruw] [-c config_dir] -s [type:]file\n\n" +
        "Queries alias databases exactly like postalias(1): exit status 0 when found, 1 when not.\n" +
        "hash/btree/lmdb/cdb/dbm/sdbm (and no type) read the aliases source file named by the table.\n" +
        "The database is taken to be built by newaliases or postalias without flags; -f, -N and -n change the query.\n";

    protected override string OptionLetters => "Nc:d:finopq:rsuvw";

    protected override string SupportedFlags => "-c, -f, -N, -n, -r, -u, -w";

    protected override string QueryForm => "-q NAME";

    protected override string PostfixUsage => "usage: postalias [-Nfinoprsuvw] [-c config_dir] [-d key] [-q key] [map_type:]file...";

    protected override ReadOnlySpan<byte> KeySeparator => ":\t"u8;

    protected override bool TryApplyFlag(char flag, Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (flag)
        {
            case 'N':
                request.Options = request.Options with { QueryNulls = NullTermination.Include };
                return true;
            case 'n':
                request.Options = request.Options with { QueryNulls = NullTermination.Exclude };
                return true;
            case 'u':
                request.Utf8 = false;
                return true;
            case 'v':
                return true;
            default:
                return false;
        }
    }

    protected override ILookupTable OpenTable(TableQuerySession session, string operand)
    {
        // A database was built earlier (by newaliases or postalias without flags): -r/-w only matter for texthash.
        var (type, _) = LookupTableFactory.Split(operand);
        var options = session.Options;
        return session.Factory.OpenAliases(operand, LookupTableFactory.IsDatabaseType(type) ? options with { Duplicates = DuplicateKeyMode.Warn } : options);
    }
}
