namespace Postfix.Cli.Commands;

/// <summary><c>postfix-net fingerprint</c>.</summary>
internal sealed class FingerprintCommand : NotYetCommand
{
    public override string Name => "fingerprint";

    public override string Summary => "TLS certificate and public-key fingerprints, policy lines and TLSA records";
}
