namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net tls</c>.</summary>
internal sealed class TlsCommand : NotYetCommand
{
    public override string Name => "tls";

    public override string Summary => "TLS tools: probe a server's certificate chain over STARTTLS";
}
