namespace Postfix.Cli.Tests;

public sealed class GetoptTests
{
    private static readonly Getopt Postconf = new("aAb:c:C:deEfhHlmMno:pPtT:vxX#");

    [Fact]
    public void Parse_BundledFlags_SplitInOrder()
    {
        var (options, operands) = Postconf.Parse(["-nf", "-Me"], "postconf");
        Assert.Equal(new[] { 'n', 'f', 'M', 'e' }, options.Select(o => o.Flag));
        Assert.Empty(operands);
    }

    [Fact]
    public void Parse_ArgumentGluedOrSeparate_BothTaken()
    {
        var (options, _) = Postconf.Parse(["-c/etc/pf", "-o", "a=b"], "postconf");
        Assert.Equal(("c", "/etc/pf"), (options[0].Flag.ToString(), options[0].Value));
        Assert.Equal(("o", "a=b"), (options[1].Flag.ToString(), options[1].Value));
    }

    [Fact]
    public void Parse_OptionsAfterOperands_PermutedLikeGlibc()
    {
        var (options, operands) = Postconf.Parse(["myhostname", "-h", "--", "-n"], "postconf");
        Assert.Equal('h', Assert.Single(options).Flag);
        Assert.Equal(new[] { "myhostname", "-n" }, operands);
    }

    [Fact]
    public void Parse_UnknownFlag_UsageErrorInGetoptWords()
    {
        var e = Assert.Throws<UsageException>(() => Postconf.Parse(["-Z"], "postconf"));
        Assert.Equal("postconf: invalid option -- 'Z'", e.Message);
    }

    [Fact]
    public void Parse_MissingArgument_UsageError()
    {
        var e = Assert.Throws<UsageException>(() => Postconf.Parse(["-c"], "postconf"));
        Assert.Equal("postconf: option requires an argument -- 'c'", e.Message);
    }

    [Fact]
    public void Parse_LoneDash_IsAnOperand()
    {
        var (options, operands) = new Getopt("q:").Parse(["-q", "-", "hash:x", "-"], "postmap");
        Assert.Equal("-", Assert.Single(options).Value);
        Assert.Equal(new[] { "hash:x", "-" }, operands);
    }
}
