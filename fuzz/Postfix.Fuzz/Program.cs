using SharpFuzz;

namespace Postfix.Fuzz;

/// <summary>
/// <c>postfix-fuzz TARGET</c> runs TARGET under afl-fuzz (instrumented build, see <c>scripts/fuzz.sh</c>);
/// <c>postfix-fuzz TARGET FILE...</c> replays inputs (a crash prints its exception and exits 1);
/// <c>postfix-fuzz --list</c> names the targets.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--list")
        {
            foreach (var name in Targets.All.Keys)
            {
                Console.WriteLine(name);
            }

            return 0;
        }

        if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine("usage: postfix-fuzz TARGET [FILE...]   (postfix-fuzz --list names the targets)");
            return 2;
        }

        if (args.Length == 1)
        {
            // Out of process: a stack overflow or a fail-fast in the reader kills only the child, and afl-fuzz records
            // the input as a crash instead of losing the fuzzer.
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                target(buffer.ToArray());
            });
            return 0;
        }

        var failed = 0;
        foreach (var path in args.Skip(1))
        {
            var files = Directory.Exists(path) ? Directory.GetFiles(path).Order(StringComparer.Ordinal).ToArray() : [path];
            foreach (var file in files)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    target(File.ReadAllBytes(file));
                }
#pragma warning disable CA1031 // Replay reports every exception: that is its purpose.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failed++;
                    Console.WriteLine($"CRASH {file}: {e}");
                    continue;
                }

                Console.WriteLine($"ok {file} ({started.ElapsedMilliseconds} ms)");
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
