using System.Globalization;
using Postfix.Config.Apply;
using Postfix.Config.MasterCf;
using Postfix.Config.Processes;
using Postfix.Crypto.Dh;
using Postfix.Crypto.Fingerprints;
using Postfix.Crypto.Probe;
using Postfix.Queue;
using Postfix.Queue.Operations;
using Postfix.Queue.Selection;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net recipe NAME [-c DIR] [--dry-run] [ARGS]</c>: each how-to as one idempotent command on top of a
/// <see cref="ChangeSet"/> (diff, commit with table builds and reload, rollback on failure), and <c>recipe undo</c>.
/// The logic lives in the libraries (<see cref="ConfigRecipes"/>, <see cref="DhParameterFile"/>, the fingerprints,
/// <see cref="QueueOperations"/>); this verb parses, wires them together and prints.
/// </summary>
internal sealed class RecipeCommand : ICommand
{
    private const string Program = "postfix-net recipe";
    private readonly IProcessRunner? _runner;

    /// <param name="runner">Starts every program the recipes run: postfix, postmap, postalias, postqueue, postsuper (null: the real one).</param>
    public RecipeCommand(IProcessRunner? runner = null) => _runner = runner;

    public string Name => "recipe";

    public string Summary => "Apply a how-to as one safe, idempotent change (diff, postmap, reload, rollback, undo)";

    public string Usage => """
        Usage: postfix-net recipe NAME [-c DIR] [--dry-run] [ARGS]

        Recipes:
          forward-secrecy [--bits 2048|3072|4096] [--file PATH]
                                  DH parameters (kept when the file already holds a good group of that size)
                                  and smtpd_tls_dh1024_param_file
          force-ipv4 DOMAIN       send mail for DOMAIN over IPv4 only (smtp-ipv4 service + transport entry)
          force-ipv6 DOMAIN       send mail for DOMAIN over IPv6 only (smtp-ipv6 service + transport entry)
          tls-pin NEXTHOP (--probe | --cert FILE) [--digest NAME] [--legacy]
                                  require TLS with the peer's public-key fingerprint (smtp_tls_policy_maps)
          ipv6                    inet_protocols = all, [::1]/128 in mynetworks (needs a restart)
          block-read-receipts [--mdn-only]
                                  header_checks rule that discards read receipts
          block-sender ADDRESS|DOMAIN [--message TEXT]
                                  reject a sender (check_sender_access in smtpd_sender_restrictions)
          clear-bounces [--all]   delete deferred MAILER-DAEMON messages (--all: active and held ones too)
          undo                    revert the last recipe applied

        Every change is shown as a unified diff, then written atomically, checked (postfix-net check and
        postfix check), its tables built with postmap/postalias, and Postfix reloaded; any failure puts every
        file back. Running a recipe again changes nothing.

        Options:
          -c DIR, --config DIR    Postfix configuration directory (default: $MAIL_CONFIG, else /etc/postfix)
          --dry-run               print the diff and what would be done; change nothing
          --no-reload             write, check and build, but do not reload Postfix

        """;

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var operands = new List<string>();
        string[] valued = ["-c", "--config", "--bits", "--file", "--cert", "--digest", "--message"];
        string[] boolean = ["--dry-run", "--no-reload", "--probe", "--legacy", "--mdn-only", "--all"];
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }

            if (valued.Contains(a))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{Program}: option {a} needs a value");
                }

                options[a == "--config" ? "-c" : a] = args[++i];
            }
            else if (boolean.Contains(a))
            {
                flags.Add(a);
            }
            else if (a.StartsWith('-') && a.Length > 1)
            {
                throw new UsageException($"{Program}: unknown option {a}\n{Usage}");
            }
            else
            {
                operands.Add(a);
            }
        }

        if (operands.Count == 0)
        {
            throw new UsageException($"{Program}: a recipe name is needed\n{Usage}");
        }

        var name = operands[0];
        var rest = operands.Skip(1).ToList();
        var directory = options.GetValueOrDefault("-c") ?? context.Environment("MAIL_CONFIG") ?? "/etc/postfix";
        directory = Path.GetFullPath(directory);
        var dryRun = flags.Contains("--dry-run");
        var operandCount = name switch
        {
            "force-ipv4" or "force-ipv6" or "tls-pin" or "block-sender" => 1,
            "forward-secrecy" or "ipv6" or "block-read-receipts" or "clear-bounces" or "undo" => 0,
            _ => throw new UsageException($"{Program}: unknown recipe '{name}'\n{Usage}"),
        };
        Expect(name, rest, operandCount);
        if (name == "tls-pin" && flags.Contains("--probe") == options.ContainsKey("--cert"))
        {
            throw new UsageException($"{Program} tls-pin: give exactly one of --probe and --cert FILE");
        }

        if (name == "clear-bounces")
        {
            Expect(name, rest, 0);
            return await ClearBouncesAsync(context, directory, flags.Contains("--all"), dryRun);
        }

        var setOptions = new ChangeSetOptions { FileSystem = context.FileSystem, Runner = _runner, Reload = !flags.Contains("--no-reload") };
        ChangeSet set;
        var warnings = new List<string>();
        string summary;
        try
        {
            if (name == "undo")
            {
                Expect(name, rest, 0);
                var undo = ChangeSet.OpenUndo(directory, setOptions);
                if (undo is null)
                {
                    await context.Out.WriteLineAsync("nothing to undo");
                    return 0;
                }

                set = undo;
                summary = set.Description;
            }
            else
            {
                set = ChangeSet.Open(directory, setOptions);
                set.Description = string.Join(' ', args);
                (summary, warnings) = Apply(name, rest, options, flags, set, context);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException or TlsProbeException)
        {
            await context.Error.WriteLineAsync($"{Program}: fatal: {e.Message}");
            return 1;
        }

        await context.Out.WriteLineAsync($"{name}: {summary}");
        foreach (var warning in warnings)
        {
            await context.Error.WriteLineAsync($"{Program}: warning: {warning}");
        }

        await context.Out.WriteAsync(set.ToUnifiedDiff());
        var builds = set.PlannedTableBuilds();
        if (dryRun)
        {
            foreach (var build in builds)
            {
                await context.Out.WriteLineAsync($"would run: {build}");
            }

            await context.Out.WriteLineAsync(set.IsEmpty && builds.Count == 0 ? "nothing to change" : "dry run: nothing was changed");
            return 0;
        }

        var result = await set.CommitAsync(context.CancellationToken);
        foreach (var line in result.Log)
        {
            await context.Out.WriteLineAsync(line);
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            await context.Error.WriteLineAsync(diagnostic.ToString());
        }

        if (!result.Succeeded)
        {
            await context.Error.WriteLineAsync($"{Program}: error: step {result.FailedStep} failed: {result.Error}");
            await context.Error.WriteLineAsync($"{Program}: every file was put back as it was" + (result.Restored.Count > 0 ? ": " + string.Join(", ", result.Restored) : string.Empty));
            return 1;
        }

        if (result.RestartRequiredBy.Count > 0)
        {
            await context.Error.WriteLineAsync($"{Program}: warning: {string.Join(", ", result.RestartRequiredBy)} changed: run \"postfix -c {directory} stop\" and \"postfix -c {directory} start\" (a reload does not apply it)");
        }

        return 0;
    }

    private static void Expect(string name, List<string> operands, int count)
    {
        if (operands.Count != count)
        {
            throw new UsageException(operands.Count > count
                ? $"{Program} {name}: unexpected argument '{operands[count]}'"
                : $"{Program} {name}: expected {count} argument(s)");
        }
    }

    private static (string Summary, List<string> Warnings) Apply(
        string name, List<string> rest, Dictionary<string, string> options, HashSet<string> flags, ChangeSet set, CliContext context)
    {
        RecipeOutcome outcome;
        switch (name)
        {
            case "forward-secrecy":
            {
                Expect(name, rest, 0);
                var bits = 2048;
                if (options.TryGetValue("--bits", out var b) && (!int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits is not (2048 or 3072 or 4096)))
                {
                    throw new UsageException($"{Program} forward-secrecy: --bits must be 2048, 3072 or 4096");
                }

                var path = options.GetValueOrDefault("--file") ?? set.ConfigDirectory + "/dh" + bits.ToString(CultureInfo.InvariantCulture) + ".pem";
                path = Path.GetFullPath(path);
                var existing = set.Read(path);
                var pem = DhParameterFile.Ensure(existing is { } e ? e.Span : [], bits, out var generated, cancellationToken: context.CancellationToken);
                outcome = ConfigRecipes.ForwardSecrecy(set, path, pem);
                return (outcome.Summary + (generated ? $" (new {bits}-bit parameters)" : " (the existing parameters are kept)"), [.. outcome.Warnings]);
            }

            case "force-ipv4" or "force-ipv6":
                Expect(name, rest, 1);
                outcome = ConfigRecipes.ForceAddressFamily(set, rest[0], name == "force-ipv4" ? InetProtocolFamily.IPv4 : InetProtocolFamily.IPv6);
                break;
            case "tls-pin":
            {
                Expect(name, rest, 1);
                var probe = flags.Contains("--probe");
                var cert = options.GetValueOrDefault("--cert");
                if (probe == (cert is not null))
                {
                    throw new UsageException($"{Program} tls-pin: give exactly one of --probe and --cert FILE");
                }

                var digestName = options.GetValueOrDefault("--digest");
                var digest = digestName is not null
                    ? FingerprintDigests.Parse(digestName)
                    : TlsDigestSetting.Resolve(set.MainCf.ToBytes(), set.MainCfPath, set.ConfigDirectory, TlsDigestSetting.ClientParameter, null);
                TlsMaterial material;
                if (cert is not null)
                {
                    var read = TlsMaterialReader.Read(context.FileSystem.File.ReadAllBytes(cert), cert);
                    material = read.Count > 0 ? read[0] : throw new FormatException($"{cert}: no certificate");
                }
                else
                {
                    var destination = TlsProbeOptions.FromDestination(rest[0]);
                    material = TlsProbe.ProbeAsync(new TlsProbeOptions(destination.Host, destination.Port), context.CancellationToken).GetAwaiter().GetResult().Chain[0];
                }

                List<string> pins = [material.PublicKeyFingerprint(digest).ToString()];
                if (flags.Contains("--legacy"))
                {
                    pins.Add(material.LegacyPublicKeyFingerprint(digest).ToString());
                }

                outcome = ConfigRecipes.TlsPin(set, rest[0], pins, digestName is null ? null : FingerprintDigests.Name(digest));
                break;
            }

            case "ipv6":
                Expect(name, rest, 0);
                outcome = ConfigRecipes.Ipv6(set);
                break;
            case "block-read-receipts":
                Expect(name, rest, 0);
                outcome = ConfigRecipes.BlockReadReceipts(set, flags.Contains("--mdn-only"));
                break;
            case "block-sender":
                Expect(name, rest, 1);
                outcome = ConfigRecipes.BlockSender(set, rest[0], options.GetValueOrDefault("--message"));
                break;
            default:
                throw new UsageException($"{Program}: unknown recipe '{name}'\n");
        }

        return (outcome.Summary, [.. outcome.Warnings]);
    }

    private async Task<int> ClearBouncesAsync(CliContext context, string directory, bool all, bool dryRun)
    {
        // The how-to keeps the 16th character on purpose so that active (*) and held (!) IDs are refused by postsuper:
        // by default only deferred bounces go. --all takes the active and held ones too.
        var selection = all ? QueueSelection.NullSender() : QueueSelection.NullSender() & QueueSelection.InQueue(QueueName.Deferred);
        var report = await new QueueOperations(new PostfixInstance(directory, _runner ?? ProcessRunner.Instance))
            .RunAsync(QueueOperation.Delete, selection, new QueueOperationOptions { DryRun = dryRun }, context.CancellationToken);
        foreach (var result in report.Results)
        {
            await context.Out.WriteLineAsync(result.ToString());
        }

        foreach (var warning in report.Warnings)
        {
            await context.Error.WriteLineAsync($"{Program}: warning: {warning}");
        }

        var count = report.Results.Count(r => r.Outcome == QueueOperationOutcome.Changed);
        await context.Out.WriteLineAsync(dryRun
            ? $"clear-bounces: {report.Results.Count} {(all ? string.Empty : "deferred ")}bounce(s) would be deleted"
            : $"clear-bounces: {count} {(all ? string.Empty : "deferred ")}bounce(s) deleted" + (all ? string.Empty : "; active and held bounces were left alone (--all removes them too)"));
        return 0;
    }
}
