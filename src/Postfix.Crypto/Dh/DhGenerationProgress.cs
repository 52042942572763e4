namespace Postfix.Crypto.Dh;

/// <summary>A snapshot of a running (or finished) search, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="WindowsSieved">Windows of candidates sieved so far.</param>
/// <param name="CandidatesSieved">Candidate positions covered by the sieve (survivors and struck ones).</param>
/// <param name="CandidatesTested">Sieve survivors given the base-2 test on p.</param>
/// <param name="CandidatesPassed">Survivors whose p passed the base-2 test and went on to Miller–Rabin on q.</param>
/// <param name="Elapsed">Time since the search started.</param>
/// <param name="Completed">True on the last report, once a safe prime has been found.</param>
public readonly record struct DhGenerationProgress(
    long WindowsSieved,
    long CandidatesSieved,
    long CandidatesTested,
    long CandidatesPassed,
    TimeSpan Elapsed,
    bool Completed);
