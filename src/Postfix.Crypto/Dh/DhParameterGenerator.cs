using Postfix.Crypto.Dh.Generation;

namespace Postfix.Crypto.Dh;

/// <summary>
/// Generates Diffie–Hellman parameters (a safe prime p = 2q + 1 and generator 2 or 5) for Postfix's
/// <c>smtpd_tls_dh1024_param_file</c>, like <c>openssl dhparam</c> but with a deep combined sieve, a base-2 test on p
/// first, Miller–Rabin only on q and a Pocklington proof for p, run on all cores.
/// </summary>
public static class DhParameterGenerator
{
    /// <summary>
    /// Searches for a safe prime of exactly <see cref="DhGenerationOptions.Bits"/> bits. CPU-bound and synchronous: it
    /// runs <see cref="DhGenerationOptions.MaxDegreeOfParallelism"/> worker threads and returns when one finds a safe
    /// prime. q passes at least 64 (above 2048 bits 128) Miller–Rabin rounds with random bases; p is then proven
    /// prime by Pocklington's criterion with base 2.
    /// </summary>
    /// <param name="options">Size, generator, threads, seed; null for the defaults (2048 bits, g = 2).</param>
    /// <param name="progress">Receives snapshots now and then (from worker threads) and once at the end.</param>
    /// <param name="cancellationToken">Stops the search (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The parameters (p, g).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Bits, generator, threads or rounds out of range.</exception>
    public static DhParameters Generate(DhGenerationOptions? options = null, IProgress<DhGenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new DhGenerationOptions();
        return new SafePrimeSearch(options, progress).Run(cancellationToken);
    }
}
