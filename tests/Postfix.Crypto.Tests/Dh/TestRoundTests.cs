using System.Collections.Concurrent;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Crypto.Dh.Generation;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>
/// The test phase of a window (screen each survivor, then the Miller–Rabin rounds shared by all workers): whatever
/// the thread count and timing, the winner is the lowest index that passes the screen and every round.
/// </summary>
public sealed class TestRoundTests
{
    [Fact]
    public void Work_RandomOutcomes_LowestFullyPassingIndexWins()
    {
        var gen = from count in Gen.Choose(1, 40)
                  from rounds in Gen.Choose(0, 6)
                  from threads in Gen.Choose(1, 4)
                  from screened in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))), count)
                  from failAt in Gen.ArrayOf(Gen.Choose(-1, rounds - 1).Select(r => rounds == 0 ? -1 : r), count)
                  select (count, rounds, threads, screened, failAt);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var round = new SafePrimeSearch.TestRound([.. Enumerable.Range(0, c.count)]);
            var roundsRun = new ConcurrentDictionary<(int Index, int Round), int>();
            var screenedIndexes = new ConcurrentBag<int>();
            var threads = Enumerable.Range(0, c.threads).Select(_ => new Thread(() => round.Work(
                i =>
                {
                    screenedIndexes.Add(i);
                    Thread.Yield();
                    return c.screened[i] ? new SafePrimeSearch.Confirmation(i, new BigInteger(i) * 2, new BigInteger[c.rounds]) : null;
                },
                (conf, r) =>
                {
                    roundsRun.AddOrUpdate((conf.Index, r), 1, (_, n) => n + 1);
                    Thread.Yield();
                    return c.failAt[conf.Index] != r;
                },
                CancellationToken.None))).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            var expected = Enumerable.Range(0, c.count).Where(i => c.screened[i] && c.failAt[i] < 0).Cast<int?>().FirstOrDefault();
            var found = round.Found is { } p ? (int?)(int)(p / 2) : null;
            var everyLowerScreened = Enumerable.Range(0, expected ?? c.count).All(screenedIndexes.Contains);
            var winnerRoundsOnce = expected is not { } w || Enumerable.Range(0, c.rounds).All(r => roundsRun.TryGetValue((w, r), out var n) && n == 1);
            var noRoundTwice = roundsRun.Values.All(n => n == 1);
            return (found == expected && everyLowerScreened && winnerRoundsOnce && noRoundTwice)
                .Label($"expected {expected}, found {found}, lower screened {everyLowerScreened}, winner rounds once {winnerRoundsOnce}, no round twice {noRoundTwice}");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Work_Cancelled_ReturnsWithoutResult()
    {
        using var cts = new CancellationTokenSource();
        var round = new SafePrimeSearch.TestRound([0, 1, 2]);
        round.Work(
            i =>
            {
                cts.Cancel();
                return new SafePrimeSearch.Confirmation(i, 2, new BigInteger[3]);
            },
            (_, _) => true,
            cts.Token);
        Assert.Null(round.Found);
    }
}
