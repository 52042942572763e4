using Postfix.Config.IO;

namespace Postfix.SaveChild;

/// <summary>
/// <c>Postfix.SaveChild PATH</c>: reads the version number from the first line of PATH, then saves versions N+1, N+2,
/// … through <see cref="ConfigFileStore"/> forever (each checked against the stamp it loaded), printing "ready" once
/// before the first save. The parent kills it at a random moment and checks that PATH is exactly one whole version
/// (<see cref="Versions.Content"/> regenerates every version byte for byte).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--once")
        {
            // One save of the next version; the error (if any) as one line on stderr, exit 1.
            try
            {
                var onceStore = new ConfigFileStore();
                var current = await onceStore.LoadAsync(args[1]);
                var next = (Versions.Parse(current.Content.Span) ?? 0) + 1;
                await onceStore.SaveAsync(args[1], Versions.Content(next), current.Stamp);
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{e.GetType().Name}: {e.Message}");
                return 1;
            }
        }

        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("usage: Postfix.SaveChild [--once] PATH");
            return 2;
        }

        var path = args[0];
        var store = new ConfigFileStore();
        var loaded = await store.LoadAsync(path);
        var version = Versions.Parse(loaded.Content.Span) ?? throw new InvalidDataException($"{path}: not a version file");
        Console.WriteLine("ready");
        Console.Out.Flush();
        var stamp = loaded.Stamp;
        while (true)
        {
            version++;
            stamp = await store.SaveAsync(path, Versions.Content(version), stamp);
        }
    }
}
