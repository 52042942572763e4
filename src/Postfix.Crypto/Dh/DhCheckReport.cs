using System.Numerics;
using System.Text;

namespace Postfix.Crypto.Dh;

/// <summary>What <see cref="DhParameterChecker.Check"/> found out about a parameter set.</summary>
public sealed class DhCheckReport
{
    internal DhCheckReport(DhParameters parameters, bool primeIsPrime, bool subgroupOrderIsPrime, DhGeneratorOrder order, string? standardGroup, IReadOnlyList<DhCheckFinding> findings)
    {
        Parameters = parameters;
        PrimeIsPrime = primeIsPrime;
        SubgroupOrderIsPrime = subgroupOrderIsPrime;
        GeneratorOrder = order;
        StandardGroup = standardGroup;
        Findings = findings;
    }

    /// <summary>The parameters checked.</summary>
    public DhParameters Parameters { get; }

    /// <summary>Bit length of p.</summary>
    public int PrimeBits => Parameters.PrimeBits;

    /// <summary>p is prime (proven by Pocklington when q is prime; otherwise by Miller–Rabin).</summary>
    public bool PrimeIsPrime { get; }

    /// <summary>q = (p − 1)/2 is (probably, 2^-128) prime.</summary>
    public bool SubgroupOrderIsPrime { get; }

    /// <summary>p is a safe prime.</summary>
    public bool IsSafePrime => PrimeIsPrime && SubgroupOrderIsPrime;

    /// <summary>The order of g.</summary>
    public DhGeneratorOrder GeneratorOrder { get; }

    /// <summary>p mod 24 (23 for OpenSSL 3's generator-2 groups, 11 for OpenSSL ≤ 1.1.1's).</summary>
    public int PrimeMod24 => (int)(Parameters.Prime % 24);

    /// <summary>The name of the standard group, or null.</summary>
    public string? StandardGroup { get; }

    /// <summary>Every finding, most important first.</summary>
    public IReadOnlyList<DhCheckFinding> Findings { get; }

    /// <summary>No finding is an error.</summary>
    public bool IsUsable => Findings.All(f => f.Severity != DhCheckSeverity.Error);

    /// <summary>A readable report: a summary block, then the findings.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("prime p:          ").Append(PrimeBits).Append(" bits, ").Append(PrimeIsPrime ? "prime" : "NOT prime")
          .Append(IsSafePrime ? " (safe prime: q = (p-1)/2 is prime)" : SubgroupOrderIsPrime ? string.Empty : PrimeIsPrime ? " (not a safe prime: (p-1)/2 is composite)" : string.Empty).Append('\n');
        sb.Append("generator g:      ").Append(Parameters.Generator.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("order of g:       ").Append(GeneratorOrder switch
        {
            DhGeneratorOrder.Q => "q (generates the prime-order subgroup)",
            DhGeneratorOrder.TwoQ => "2q (generates the whole group)",
            DhGeneratorOrder.One => "1",
            DhGeneratorOrder.Two => "2",
            _ => "unknown",
        }).Append('\n');
        sb.Append("p mod 24:         ").Append(PrimeMod24).Append('\n');
        sb.Append("standard group:   ").Append(StandardGroup ?? "none").Append('\n');
        if (Parameters.PrivateValueLength is { } l)
        {
            sb.Append("private length:   ").Append(l).Append(" bits\n");
        }

        sb.Append("verdict:          ").Append(IsUsable ? (Findings.Any(f => f.Severity == DhCheckSeverity.Warning) ? "usable, with warnings" : "good") : "NOT usable").Append('\n');
        foreach (var f in Findings)
        {
            sb.Append(f).Append('\n');
        }

        return sb.ToString();
    }
}
