namespace Postfix.Config.Tables.Database;

/// <summary>
/// The kinds of <c>hosts</c> entry the mysql and pgsql clients tell apart (Postfix's <c>TYPEUNIX</c>,
/// <c>TYPEINET</c> and pgsql's <c>TYPECONNSTRING</c>), in the order <see cref="SqlHostPool{TConnection}"/> prefers them.
/// </summary>
internal enum SqlHostClass
{
    /// <summary>A UNIX-domain socket.</summary>
    Unix,

    /// <summary>A TCP host and port.</summary>
    Inet,

    /// <summary>A <c>postgresql://</c> URI (pgsql only).</summary>
    Uri,
}
