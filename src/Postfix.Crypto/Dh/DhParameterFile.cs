namespace Postfix.Crypto.Dh;

/// <summary>Keeps a DH parameter file that is still good, or makes a new one: what a re-run of "forward secrecy" needs to be idempotent.</summary>
public static class DhParameterFile
{
    /// <summary>
    /// Returns <paramref name="existing"/> when it is PEM "DH PARAMETERS" of exactly <paramref name="bits"/> bits that
    /// pass <see cref="DhParameterChecker"/> (a safe prime, usable); else generates new parameters of that size.
    /// </summary>
    /// <param name="existing">The current file's bytes, or null when there is none.</param>
    /// <param name="bits">The prime size wanted (2048, 3072, 4096, …).</param>
    /// <param name="generated">True when new parameters were generated.</param>
    /// <param name="options">Generation options (their <see cref="DhGenerationOptions.Bits"/> is replaced by <paramref name="bits"/>).</param>
    /// <param name="cancellationToken">Cancels the check or the generation.</param>
    /// <returns>The PEM bytes to use.</returns>
    public static byte[] Ensure(ReadOnlySpan<byte> existing, int bits, out bool generated, DhGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!existing.IsEmpty)
        {
            try
            {
                var parameters = DhParameters.ParsePem(existing);
                if (parameters.PrimeBits == bits)
                {
                    var report = DhParameterChecker.Check(parameters, cancellationToken: cancellationToken);
                    if (report.IsSafePrime && report.IsUsable)
                    {
                        generated = false;
                        return existing.ToArray();
                    }
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Not DH parameters: replaced below.
            }
        }

        generated = true;
        return DhParameterGenerator.Generate((options ?? new DhGenerationOptions()) with { Bits = bits }, null, cancellationToken).ToPemBytes();
    }
}
