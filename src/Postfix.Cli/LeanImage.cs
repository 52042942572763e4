using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;

namespace Postfix.Cli;

/// <summary>
/// The native tool is two images (docs/native.md). <c>postfix-net</c> is the lean one: the verbs admins call in loops
/// (<c>postconf</c>, <c>postmap</c>, <c>postalias</c>, <c>postcat</c>, <c>qshape</c>, <c>queue</c>), compiled with the
/// feature switch <c>Postfix.Cli.IsLeanImage</c> on, so the trimmer leaves out the other verbs, the TLS and DH code,
/// BouncyCastle and the database drivers (<c>Postfix.Config.DatabaseLookups.IsSupported</c> off): a smaller image
/// starts faster and in less memory. For anything else it replaces itself (<c>execv</c>, no shell, the same argument
/// bytes, stdin/stdout/stderr and environment) with <c>postfix-net-full</c> from its own directory. Builds without the
/// switch (the framework-dependent tool, tests, <c>dotnet run</c>) are the full tool and never hand over.
/// </summary>
internal static partial class LeanImage
{
    private const string Switch = "Postfix.Cli.IsLeanImage";

    /// <summary>The file name of the full image, next to the lean one.</summary>
    public const string FullImageName = "postfix-net-full";

    /// <summary>Table types whose lookups need a database driver: an argument naming one goes to the full image.</summary>
    private static readonly string[] DriverTableTypes = ["mysql:", "pgsql:", "sqlite:", "ldap:", "memcache:"];

    /// <summary>Whether this is the lean image (false unless the build set the switch).</summary>
    [FeatureSwitchDefinition(Switch)]
    public static bool IsLean => AppContext.TryGetSwitch(Switch, out var lean) && lean;

    /// <summary>
    /// Whether the lean image hands <paramref name="args"/> to the full one: a verb it does not carry (not in
    /// <paramref name="carried"/>, the lean image's <see cref="CliApplication.Commands"/>), the command list
    /// (<c>--help</c> names every verb), or an argument naming a table type that needs a database driver (a false
    /// alarm, say a postmap key <c>ldap:x</c>, only costs the hand-over: the full image gives the same answer).
    /// </summary>
    public static bool NeedsFullImage(IReadOnlyList<string> args, IReadOnlyList<ICommand> carried)
    {
        if (args.Count == 0)
        {
            return true;
        }

        if (args[0] is "--version" or "-V")
        {
            return false;
        }

        if (!carried.Any(c => c.Name == args[0]))
        {
            return true;
        }

        foreach (var arg in args)
        {
            foreach (var type in DriverTableTypes)
            {
                if (arg.Contains(type, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Replaces this process with the full image, passing the command line's exact bytes (read back from
    /// <c>/proc/self/cmdline</c>, so an argument that is not UTF-8 arrives unchanged). Returns only when that fails,
    /// after saying why on stderr: exit status 1.
    /// </summary>
    public static int ExecFullImage(IReadOnlyList<string> args)
    {
        var full = Path.Combine(AppContext.BaseDirectory, FullImageName);
        var argv = CommandLineBytes(args);
        argv[0] = Encoding.UTF8.GetBytes(full);
        var errno = Exec(Encoding.UTF8.GetBytes(full), argv);
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        Console.Error.WriteLine($"postfix-net: cannot run {full}: {reason} (the full image for this command belongs next to postfix-net; reinstall the tool)");
        return 1;
    }

    // argv as bytes: /proc/self/cmdline when it matches the arguments the runtime gave us, else the arguments in UTF-8.
    private static byte[][] CommandLineBytes(IReadOnlyList<string> args)
    {
        try
        {
            var raw = File.ReadAllBytes("/proc/self/cmdline");
            var parts = new List<byte[]>();
            var start = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] == 0)
                {
                    parts.Add(raw[start..i]);
                    start = i + 1;
                }
            }

            if (parts.Count == args.Count + 1)
            {
                return [.. parts];
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return [[], .. args.Select(a => Encoding.UTF8.GetBytes(a))];
    }

    private static unsafe int Exec(byte[] path, byte[][] argv)
    {
        var handles = new GCHandle[argv.Length + 1];
        var pointers = new nint[argv.Length + 1];
        try
        {
            var zPath = new byte[path.Length + 1];
            path.CopyTo(zPath, 0);
            handles[argv.Length] = GCHandle.Alloc(zPath, GCHandleType.Pinned);
            for (var i = 0; i < argv.Length; i++)
            {
                var z = new byte[argv[i].Length + 1];
                argv[i].CopyTo(z, 0);
                handles[i] = GCHandle.Alloc(z, GCHandleType.Pinned);
                pointers[i] = handles[i].AddrOfPinnedObject();
            }

            pointers[argv.Length] = 0;
            fixed (nint* p = pointers)
            {
                execv(handles[argv.Length].AddrOfPinnedObject(), p);
            }

            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            foreach (var h in handles)
            {
                if (h.IsAllocated)
                {
                    h.Free();
                }
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int execv(nint path, nint* argv);
}
