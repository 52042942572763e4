using Postfix.Config.Catalog;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;
using Postfix.Crypto.Fingerprints;

namespace Postfix.Cli.Commands;

/// <summary>
/// The fingerprint digest the <c>fingerprint</c> and <c>tls probe</c> verbs use: <c>--digest</c>, else the value Postfix
/// gives <c>smtp_tls_fingerprint_digest</c> (client side: policy lines, probe output) or
/// <c>smtpd_tls_fingerprint_digest</c> (server side: client-certificate tables) in main.cf — expanded exactly like
/// <c>postconf -x</c>, so its default <c>${{$compatibility_level} &lt;level {3.6} ? {md5} : {sha256}}</c>, <c>$name</c>
/// indirection and <c>--compatibility-level</c> (a <c>postconf -o</c> style override) all count.
/// </summary>
internal static class TlsDigestSetting
{
    /// <summary>The client-side parameter (posttls-finger's <c>-d</c> default, smtp_tls_policy_maps).</summary>
    public const string ClientParameter = "smtp_tls_fingerprint_digest";

    /// <summary>The server-side parameter (check_ccert_access, relay_clientcerts).</summary>
    public const string ServerParameter = "smtpd_tls_fingerprint_digest";

    /// <summary>The configuration directory Postfix programs use: <c>-c DIR</c>, else <c>MAIL_CONFIG</c>, else /etc/postfix.</summary>
    public const string DefaultConfigDirectory = "/etc/postfix";

    /// <summary>Rejects a bad <c>--digest</c> or <c>--compatibility-level</c> as a usage error.</summary>
    /// <exception cref="UsageException">The name or level is malformed.</exception>
    public static void CheckOptions(string program, string? digestOption, string? compatibilityLevel)
    {
        try
        {
            if (digestOption is not null)
            {
                FingerprintDigests.Parse(digestOption);
            }

            if (compatibilityLevel is not null)
            {
                FingerprintDigests.DefaultForCompatibilityLevel(compatibilityLevel);
            }
        }
        catch (FormatException e)
        {
            throw new UsageException($"{program}: {e.Message}");
        }
    }

    /// <summary>
    /// Chooses the digest. <paramref name="configDirectory"/> null means "not given": then <c>MAIL_CONFIG</c>, else
    /// /etc/postfix when it has a main.cf, else <paramref name="compatibilityLevel"/> alone, else sha256.
    /// </summary>
    /// <exception cref="FormatException">A bad digest name, an unreadable main.cf or a value Postfix would reject.</exception>
    public static async Task<FingerprintDigest> ResolveAsync(
        CliContext context, string? digestOption, string? compatibilityLevel, string? configDirectory, string parameter)
    {
        if (digestOption is not null)
        {
            return FingerprintDigests.Parse(digestOption);
        }

        var explicitDirectory = configDirectory ?? (context.Environment("MAIL_CONFIG") is { Length: > 0 } env ? env : null);
        var directory = explicitDirectory ?? DefaultConfigDirectory;
        var path = directory.TrimEnd('/') + "/main.cf";
        byte[]? mainCf = null;
        try
        {
            mainCf = context.FileSystem.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (explicitDirectory is not null)
            {
                throw new FormatException($"open {path}: No such file or directory", e);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"open {path}: {e.Message}", e);
        }

        if (mainCf is null)
        {
            return compatibilityLevel is null ? FingerprintDigest.Sha256 : FingerprintDigests.DefaultForCompatibilityLevel(compatibilityLevel);
        }

        return Resolve(mainCf, path, directory, parameter, compatibilityLevel);
    }

    /// <summary>
    /// The digest a Postfix with this main.cf uses for <paramref name="parameter"/>; <paramref name="compatibilityLevel"/>,
    /// when not null, replaces main.cf's <c>compatibility_level</c> (like <c>postconf -o</c>).
    /// </summary>
    /// <exception cref="FormatException">main.cf cannot be parsed, the expansion fails, or the value is no digest Postfix accepts.</exception>
    public static FingerprintDigest Resolve(byte[] mainCf, string path, string configDirectory, string parameter, string? compatibilityLevel)
    {
        var document = MainCfDocument.Parse(mainCf, new MainCfOptions { SourceName = path });
        if (document.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } bad)
        {
            throw new FormatException(bad.ToString());
        }

        var values = new Dictionary<string, string>(document.ToDictionary(), StringComparer.Ordinal);
        if (compatibilityLevel is not null)
        {
            values["compatibility_level"] = compatibilityLevel;
        }

        var evaluator = new ParameterEvaluator(
            name => values.GetValueOrDefault(name),
            new ParameterEvaluatorOptions { ConfigDirectory = configDirectory, Location = new SourceLocation(path, 1, 1) });
        // Every Postfix program parses compatibility_level at start-up (mail_params_init) and stops on a malformed one.
        var level = evaluator.Expand("compatibility_level");
        if (level.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } levelError)
        {
            throw new FormatException($"{path}: compatibility_level: {levelError.Message}");
        }

        try
        {
            FingerprintDigests.DefaultForCompatibilityLevel(level.Value);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: compatibility_level: malformed compatibility level syntax: \"{level.Value}\"", e);
        }

        var expanded = evaluator.Expand(parameter);
        if (expanded.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
        {
            throw new FormatException($"{path}: {parameter}: {error.Message}");
        }

        return FingerprintDigests.TryParse(expanded.Value, out var digest)
            ? digest
            : throw new FormatException($"{path}: {parameter} = {expanded.Value}: Digest algorithm \"{expanded.Value}\" not found (supported: md5, sha1, sha224, sha256, sha384, sha512)");
    }
}
