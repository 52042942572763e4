using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using System.Numerics;
using System.Text;
using Postfix.Crypto.Dh;

namespace Postfix.Cli.Tests;

public sealed class DhparamCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(IFileSystem fs, byte[]? stdin, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(stdin ?? []), stdout, stderr, fs, _ => null, TestContext.Current.CancellationToken);
        var code = await CliApplication.RunAsync(["dhparam", .. args], context);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task Dhparam_Generate512ToStdout_PemWithProgress()
    {
        var (code, stdout, stderr) = await Run(new MockFileSystem(), null, "512", "--seed", "cli");
        Assert.Equal(0, code);
        var dh = DhParameters.ParsePem(stdout);
        Assert.Equal(512, dh.PrimeBits);
        Assert.Equal(23, (int)(dh.Prime % 24));
        Assert.StartsWith("Generating DH parameters, 512 bit long safe prime, generator 2\n", stderr, StringComparison.Ordinal);
        Assert.Contains("*\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dhparam_OutFileGenerator5Quiet_WritesFileOnly()
    {
        var fs = new MockFileSystem();
        fs.Directory.CreateDirectory("/etc/postfix");
        var (code, stdout, stderr) = await Run(fs, null, "-5", "-quiet", "-out", "/etc/postfix/dh.pem", "--threads", "1", "512");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(string.Empty, stderr);
        var dh = DhParameters.ParsePem(fs.File.ReadAllText("/etc/postfix/dh.pem"));
        Assert.Equal(5, (int)dh.Generator);
        Assert.Equal(59, (int)(dh.Prime % 60));
        Assert.Equal(["/etc/postfix/dh.pem"], fs.Directory.GetFiles("/etc/postfix").Select(f => f.Replace('\\', '/')));
    }

    [Fact]
    public async Task Dhparam_SameSeed_SameOutput()
    {
        var a = await Run(new MockFileSystem(), null, "-quiet", "--seed", "x", "--threads", "1", "512");
        var b = await Run(new MockFileSystem(), null, "-quiet", "--seed", "x", "--threads", "2", "--arithmetic", "scalar", "512");
        Assert.Equal(a.Out, b.Out);
    }

    [Fact]
    public async Task Dhparam_Ffdhe_PrintsRfc7919Group()
    {
        var (code, stdout, _) = await Run(new MockFileSystem(), null, "--ffdhe", "2048");
        Assert.Equal(0, code);
        Assert.Equal(DhStandardGroups.Ffdhe(2048).ToPem(), stdout);
    }

    [Fact]
    public async Task Dhparam_CheckFile_Report()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/dh.pem", new MockFileData(DhStandardGroups.Ffdhe(2048).ToPem()));
        var (code, stdout, _) = await Run(fs, null, "-check", "-in", "/dh.pem");
        Assert.Equal(0, code);
        Assert.Contains("prime p:          2048 bits, prime (safe prime: q = (p-1)/2 is prime)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("standard group:   ffdhe2048 (RFC 7919)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("order of g:       q (generates the prime-order subgroup)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dhparam_CheckStdinWeakGroup_ExitOne()
    {
        var (code, stdout, _) = await Run(new MockFileSystem(), Encoding.ASCII.GetBytes(DhStandardGroups.Modp(1024).ToPem()), "-check");
        Assert.Equal(1, code);
        Assert.Contains("verdict:          NOT usable\n", stdout, StringComparison.Ordinal);
        Assert.Contains("error: p is the well-known Oakley group 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dhparam_CheckGarbage_ClearError()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/bad.pem", new MockFileData("garbage\n"));
        var (code, _, stderr) = await Run(fs, null, "-check", "-in", "/bad.pem");
        Assert.Equal(1, code);
        Assert.Equal("postfix-net dhparam: /bad.pem: DH parameters: no '-----BEGIN DH PARAMETERS-----' block found\n", stderr);
    }

    [Fact]
    public async Task Dhparam_CheckMissingFile_ClearError()
    {
        var (code, _, stderr) = await Run(new MockFileSystem(), null, "-check", "-in", "/nope.pem");
        Assert.Equal(1, code);
        Assert.StartsWith("postfix-net dhparam: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postfix-net dhparam: numbits must be a number from 512 to 10000, not '100'\n", "100")]
    [InlineData("postfix-net dhparam: numbits must be a number from 512 to 10000, not 'abc'\n", "abc")]
    [InlineData("postfix-net dhparam: --threads must be a number from 1 to 1024, not '0'\n", "--threads", "0")]
    [InlineData("postfix-net dhparam: option -out needs a value\n", "-out")]
    [InlineData("postfix-net dhparam: unknown option '-x'. Run 'postfix-net dhparam --help'.\n", "-x")]
    [InlineData("postfix-net dhparam: --ffdhe must be 2048, 3072, 4096, 6144 or 8192\n", "--ffdhe", "1024")]
    [InlineData("postfix-net dhparam: at most one operand (numbits) is allowed\n", "1024", "2048")]
    [InlineData("postfix-net dhparam: -in is only used with -check\n", "-in", "x")]
    [InlineData("postfix-net dhparam: --arithmetic must be auto, avx512, avx2 or scalar, not 'gpu'\n", "--arithmetic", "gpu")]
    public async Task Dhparam_BadArguments_UsageError(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await Run(new MockFileSystem(), null, args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(expected, stderr);
    }

    [Fact]
    public async Task Dhparam_Help_Usage()
    {
        var (code, stdout, _) = await Run(new MockFileSystem(), null, "--help");
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: postfix-net dhparam [-out FILE] [-2|-5] [--threads N]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dhparam_OutReplacesExistingFileWhole()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/dh.pem", new MockFileData("old content\n"));
        var (code, _, _) = await Run(fs, null, "-quiet", "-out", "/dh.pem", "512");
        Assert.Equal(0, code);
        var dh = DhParameters.ParsePem(fs.File.ReadAllText("/dh.pem"));
        Assert.Equal(dh.ToPem(), fs.File.ReadAllText("/dh.pem"));
        Assert.True(BigInteger.ModPow(2, dh.Prime >> 1, dh.Prime).IsOne);
        Assert.Single(fs.Directory.GetFiles("/"));
    }
}
