using Postfix.Testing;

namespace Postfix.Crypto.Tests.Fingerprints;

/// <summary>
/// Keys and self-signed certificates of every key type, made by the real <c>openssl</c> once per test run, plus each
/// key in the other encodings openssl writes (DER, traditional PEM, public key, PKCS#1 public key).
/// </summary>
public sealed class OpenSslKeySet : IAsyncLifetime
{
    public const string Subject = "/C=DE/ST=Berlin/O=Example Org/OU=Mail/CN=mx.example.test/emailAddress=postmaster@example.test";

    /// <summary>Name → openssl genpkey arguments (after -algorithm).</summary>
    public static readonly (string Name, string[] Args, bool Certificate)[] KeyTypes =
    [
        ("rsa", ["RSA", "-pkeyopt", "rsa_keygen_bits:2048"], true),
        ("rsa-pss", ["RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"], true),
        ("ec-p256", ["EC", "-pkeyopt", "ec_paramgen_curve:P-256"], true),
        ("ec-p384", ["EC", "-pkeyopt", "ec_paramgen_curve:P-384"], true),
        ("ec-p521", ["EC", "-pkeyopt", "ec_paramgen_curve:P-521"], true),
        ("ec-compressed", ["EC", "-pkeyopt", "ec_paramgen_curve:P-384"], true),
        ("ed25519", ["ED25519"], true),
        ("ed448", ["ED448"], true),
        ("dsa", [], true),
        ("x25519", ["X25519"], false),
        ("x448", ["X448"], false),
    ];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "pfnet-tls-" + Guid.NewGuid().ToString("N"));

    public bool Available { get; private set; }

    public string File(string name, string suffix) => Path.Combine(Directory, $"{name}.{suffix}");

    public async ValueTask InitializeAsync()
    {
        if (Tool.Find("openssl") is null)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Directory);
        await Task.WhenAll(KeyTypes.Select(k => MakeAsync(k.Name, k.Args, k.Certificate)));
        Available = true;
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    public static async Task<string> OpenSslAsync(params string[] args)
    {
        var result = await Tool.RunAsync("openssl", args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', args)}: {result}");
        }

        return result.StdoutText;
    }

    private async Task MakeAsync(string name, string[] algorithm, bool certificate)
    {
        var key = File(name, "key.pem");
        if (name == "dsa")
        {
            await OpenSslAsync("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", File(name, "param.pem"));
            await OpenSslAsync("genpkey", "-paramfile", File(name, "param.pem"), "-out", key);
        }
        else if (name == "ec-compressed")
        {
            // An EC key whose public point is stored compressed: openssl keeps that form in the public key.
            await OpenSslAsync(["genpkey", "-algorithm", .. algorithm, "-out", File(name, "plain.pem")]);
            await OpenSslAsync("ec", "-in", File(name, "plain.pem"), "-conv_form", "compressed", "-out", key);
        }
        else
        {
            await OpenSslAsync(["genpkey", "-algorithm", .. algorithm, "-out", key]);
        }

        await OpenSslAsync("pkey", "-in", key, "-outform", "DER", "-out", File(name, "key.der"));
        await OpenSslAsync("pkey", "-in", key, "-pubout", "-out", File(name, "pub.pem"));
        await OpenSslAsync("pkey", "-in", key, "-pubout", "-outform", "DER", "-out", File(name, "pub.der"));
        switch (name)
        {
            case "rsa":
                await OpenSslAsync("rsa", "-in", key, "-traditional", "-out", File(name, "trad.pem"));
                await OpenSslAsync("rsa", "-in", key, "-RSAPublicKey_out", "-out", File(name, "rsapub.pem"));
                await OpenSslAsync("rsa", "-in", key, "-traditional", "-outform", "DER", "-out", File(name, "trad.der"));
                break;
            case "ec-p256" or "ec-p384" or "ec-p521":
                await OpenSslAsync("ec", "-in", key, "-out", File(name, "trad.pem"));
                await OpenSslAsync("ec", "-in", key, "-outform", "DER", "-out", File(name, "trad.der"));
                break;
            case "dsa":
                await OpenSslAsync("dsa", "-in", key, "-out", File(name, "trad.pem"));
                break;
        }

        if (!certificate)
        {
            return;
        }

        var cert = File(name, "cert.pem");
        await OpenSslAsync("req", "-x509", "-new", "-key", key, "-subj", Subject, "-days", "30", "-out", cert);
        await OpenSslAsync("x509", "-in", cert, "-outform", "DER", "-out", File(name, "cert.der"));
        await OpenSslAsync("x509", "-in", cert, "-pubkey", "-noout", "-out", File(name, "certpub.pem"));
        await OpenSslAsync("pkey", "-pubin", "-in", File(name, "certpub.pem"), "-outform", "DER", "-out", File(name, "certpub.der"));
    }
}
