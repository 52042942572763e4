using System.Globalization;
using System.Text;
using Postfix.Cli.Native;
using Postfix.Config.IO;
using Postfix.Crypto.Dh;

namespace Postfix.Cli.Commands;

/// <summary>
/// <c>postfix-net dhparam</c>: generate DH parameters for <c>smtpd_tls_dh1024_param_file</c> (like
/// <c>openssl dhparam</c>, on all cores), print an RFC 7919 group, or check an existing file.
/// </summary>
internal sealed class DhparamCommand : ICommand
{
    public string Name => "dhparam";

    public string Summary => "Generate and check DH parameters for Postfix";

    public string Usage => """
        Usage: postfix-net dhparam [-out FILE] [-2|-5] [--threads N] [-quiet] [numbits]
               postfix-net dhparam --ffdhe 2048|3072|4096|6144|8192 [-out FILE]
               postfix-net dhparam -check [-in FILE]
               postfix-net dhparam --show-kernels

        Generates a safe prime p = 2q + 1 of numbits bits (default 2048) with generator 2 (p = 23 mod 24) or 5
        (p = 59 mod 60), as PEM "DH PARAMETERS" for smtpd_tls_dh1024_param_file. -out writes the file atomically
        (temporary file in the same directory, then rename). Progress goes to stderr.

        Options:
          -out FILE           write to FILE instead of standard output
          -2, -5              generator (default 2)
          --threads N         worker threads (default: one per processor)
          --arithmetic KIND   auto (default), avx512, avx2 or scalar
          --seed TEXT         reproducible output (tests and benchmarks only; never for deployed parameters)
          -quiet              no progress on stderr
          --ffdhe BITS        print the RFC 7919 group ffdheBITS instead of generating
          -check              check parameters (from -in FILE, or standard input) and print a report;
                              exit status 1 when they are not usable
          -in FILE            the parameter file to check
          --show-kernels      print which Montgomery kernels a search runs on this machine, and where

        The native build of postfix-net runs the search in a library compiled for the highest x86-64 level the CPU
        has (AVX-512, AVX2); POSTFIX_NET_DH_NATIVE=off|x86-64-v3|x86-64-v4 overrides that choice.

        """;

    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        string? outFile = null;
        string? inFile = null;
        var check = false;
        var quiet = false;
        var generator = 2;
        var threads = 0;
        int? ffdhe = null;
        string? seed = null;
        var arithmetic = DhArithmetic.Auto;
        var showKernels = false;
        var operands = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"postfix-net dhparam: option {a} needs a value");
                }

                return args[++i];
            }

            switch (a)
            {
                case "-out":
                    outFile = Value();
                    break;
                case "-in":
                    inFile = Value();
                    break;
                case "-check":
                    check = true;
                    break;
                case "-2":
                    generator = 2;
                    break;
                case "-5":
                    generator = 5;
                    break;
                case "-quiet" or "-q":
                    quiet = true;
                    break;
                case "--threads":
                    threads = ParseInt(Value(), "--threads", 1, 1024);
                    break;
                case "--ffdhe":
                    ffdhe = ParseInt(Value(), "--ffdhe", 0, int.MaxValue);
                    break;
                case "--show-kernels":
                    showKernels = true;
                    break;
                case "--seed":
                    seed = Value();
                    break;
                case "--arithmetic":
                    arithmetic = Value() switch
                    {
                        "auto" => DhArithmetic.Auto,
                        "avx512" => DhArithmetic.Avx512,
                        "avx2" => DhArithmetic.Avx2,
                        "scalar" => DhArithmetic.Scalar,
                        var other => throw new UsageException($"postfix-net dhparam: --arithmetic must be auto, avx512, avx2 or scalar, not '{other}'"),
                    };
                    break;
                case "--":
                    operands.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default:
                    if (a.StartsWith('-') && a.Length > 1)
                    {
                        throw new UsageException($"postfix-net dhparam: unknown option '{a}'. Run 'postfix-net dhparam --help'.");
                    }

                    operands.Add(a);
                    break;
            }
        }

        if (operands.Count > 1)
        {
            throw new UsageException("postfix-net dhparam: at most one operand (numbits) is allowed");
        }

        if (showKernels)
        {
            if (check || operands.Count > 0 || ffdhe is not null || outFile is not null || inFile is not null)
            {
                throw new UsageException("postfix-net dhparam: --show-kernels takes only --arithmetic");
            }

            await context.Out.WriteLineAsync(DescribeKernels(NativeDh.Select(context.Environment), arithmetic));
            return 0;
        }

        if (check)
        {
            if (operands.Count > 0 || ffdhe is not null || outFile is not null)
            {
                throw new UsageException("postfix-net dhparam: -check takes only -in FILE");
            }

            return await CheckAsync(context, inFile);
        }

        if (inFile is not null)
        {
            throw new UsageException("postfix-net dhparam: -in is only used with -check");
        }

        DhParameters parameters;
        if (ffdhe is { } groupBits)
        {
            if (operands.Count > 0)
            {
                throw new UsageException("postfix-net dhparam: --ffdhe takes no numbits operand");
            }

            if (!DhStandardGroups.FfdheBits.Contains(groupBits))
            {
                throw new UsageException("postfix-net dhparam: --ffdhe must be 2048, 3072, 4096, 6144 or 8192");
            }

            parameters = DhStandardGroups.Ffdhe(groupBits);
        }
        else
        {
            var bits = operands.Count == 0 ? 2048 : ParseInt(operands[0], "numbits", DhGenerationOptions.MinimumBits, DhGenerationOptions.MaximumBits);
            var options = new DhGenerationOptions
            {
                Bits = bits,
                Generator = generator,
                MaxDegreeOfParallelism = threads,
                Arithmetic = arithmetic,
                Seed = seed is null ? null : Encoding.UTF8.GetBytes(seed),
            };
            var progress = quiet ? null : new StderrProgress(context.Error);
            if (!quiet)
            {
                await context.Error.WriteLineAsync($"Generating DH parameters, {bits} bit long safe prime, generator {generator}");
            }

            var native = NativeDh.Select(context.Environment);
            parameters = await Task.Run(
                () => native is null
                    ? DhParameterGenerator.Generate(options, progress, context.CancellationToken)
                    : native.Generate(options, progress, context.CancellationToken),
                context.CancellationToken);
            progress?.Finish();
        }

        var pem = parameters.ToPemBytes();
        if (outFile is null)
        {
            context.WriteOutBytes(pem);
        }
        else
        {
            await new ConfigFileStore(context.FileSystem).SaveAsync(outFile, pem, expected: null, options: null, context.CancellationToken);
        }

        return 0;
    }

    private static async Task<int> CheckAsync(CliContext context, string? inFile)
    {
        byte[] bytes;
        if (inFile is null)
        {
            using var ms = new MemoryStream();
            await context.StdinStream.CopyToAsync(ms, context.CancellationToken);
            bytes = ms.ToArray();
        }
        else
        {
            bytes = context.FileSystem.File.ReadAllBytes(inFile);
        }

        DhParameters parameters;
        try
        {
            parameters = DhParameters.ParsePem(bytes);
        }
        catch (FormatException e)
        {
            await context.Error.WriteLineAsync($"postfix-net dhparam: {inFile ?? "stdin"}: {e.Message}");
            return 1;
        }

        var report = await Task.Run(() => DhParameterChecker.Check(parameters, DhArithmetic.Auto, context.CancellationToken), context.CancellationToken);
        await context.Out.WriteAsync(report.ToString());
        return report.IsUsable ? 0 : 1;
    }

    /// <summary>One line: the kernels a search with <paramref name="requested"/> runs, and where (in process or which library).</summary>
    private static string DescribeKernels(NativeDh? native, DhArithmetic requested)
    {
        // Like the library's choice: Auto takes the best there is, a forced kind falls back to the next narrower one.
        var best = native?.Arithmetic ?? NativeDh.InProcessArithmetic;
        var runs = requested == DhArithmetic.Auto || requested > best ? best : requested;
        return native is null
            ? $"{Describe(runs)} (in process)"
            : $"{Describe(runs)} (native library {native.Path}, {CpuLevel.Name(native.Level)})";
    }

    private static string Describe(DhArithmetic arithmetic) => arithmetic switch
    {
        DhArithmetic.Avx512 => "avx512",
        DhArithmetic.Avx2 => "avx2",
        _ => "scalar",
    };

    private static int ParseInt(string text, string what, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new UsageException($"postfix-net dhparam: {what} must be a number from {min} to {max}, not '{text}'");
        }

        return v;
    }

    /// <summary>openssl-style progress: '.' per 64 candidates tested, '+' per candidate whose p passed, '*' at the end.</summary>
    private sealed class StderrProgress(TextWriter error) : IProgress<DhGenerationProgress>
    {
        private readonly object _gate = new();
        private long _dots;
        private long _plus;
        private bool _any;

        public void Report(DhGenerationProgress value)
        {
            lock (_gate)
            {
                var sb = new StringBuilder();
                for (; _dots < value.CandidatesTested / 64; _dots++)
                {
                    sb.Append('.');
                }

                for (; _plus < value.CandidatesPassed; _plus++)
                {
                    sb.Append('+');
                }

                if (value.Completed)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"*\n{value.CandidatesTested} candidates tested in {value.Elapsed.TotalSeconds:0.00} s\n");
                }

                if (sb.Length > 0)
                {
                    _any = true;
                    error.Write(sb.ToString());
                }
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                if (!_any)
                {
                    error.WriteLine();
                }
            }
        }
    }
}
