using Postfix.Config.Syntax;
using Postfix.Queue.Files;

namespace Postfix.Queue.Tests.Files;

/// <summary>
/// A queue file that disappears between the directory listing (and its lstat) and the mode check — qmgr moving it
/// from active to deferred, or a delivery removing it — is skipped like showq skips it, never an exception (found by
/// CI: the live bulk-operation test listed a queue while qmgr was moving files).
/// </summary>
public sealed class VanishingFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pfnet-vanish-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Read_FileGoneBeforeModeCheck_SkippedWithoutProblem(int parallelism)
    {
        var active = Path.Combine(_dir, "active");
        Directory.CreateDirectory(active);
        var message = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles", "messages", "m01-simple.bin"));
        foreach (var id in new[] { "8ED11B4E3DF", "9AD11B4E3DF" })
        {
            var path = Path.Combine(active, id);
            File.WriteAllBytes(path, message);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var fs = VanishingProxy.FileSystem(new System.IO.Abstractions.FileSystem(), Path.Combine(active, "8ED11B4E3DF"));
        var spool = new QueueSpool(new QueueSpoolSettings { QueueDirectory = _dir }, fs);
        var problems = new List<Diagnostic>();

        var read = spool.Read(new QueueSpoolOptions { Queues = [QueueName.Active], Parallelism = parallelism, Problems = problems.Add }).ToList();

        Assert.Equal(["9AD11B4E3DF"], read.Select(m => m.Id.Value));
        Assert.Empty(problems);
        Assert.False(File.Exists(Path.Combine(active, "8ED11B4E3DF")));
    }

    /// <summary>Removes one file just before its mode is read (File.GetUnixFileMode), as a concurrent rename would.</summary>
    public class VanishingProxy : System.Reflection.DispatchProxy
    {
        private object _inner = null!;
        private string _victim = null!;

        public static System.IO.Abstractions.IFileSystem FileSystem(System.IO.Abstractions.IFileSystem inner, string victim)
        {
            var fs = Create<System.IO.Abstractions.IFileSystem, VanishingProxy>();
            ((VanishingProxy)(object)fs)._inner = inner;
            ((VanishingProxy)(object)fs)._victim = victim;
            return fs;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == "get_File" && _inner is System.IO.Abstractions.IFileSystem fs)
            {
                var file = Create<System.IO.Abstractions.IFile, VanishingProxy>();
                ((VanishingProxy)(object)file)._inner = fs.File;
                ((VanishingProxy)(object)file)._victim = _victim;
                return file;
            }

            if (targetMethod.Name == "GetUnixFileMode" && args is [string path] && path == _victim)
            {
                File.Delete(path);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
