using System.Text;
using Postfix.Testing;

namespace Postfix.Config.Tests.MainCf;

/// <summary>Runs the real postconf on a private configuration directory holding a given main.cf.</summary>
internal sealed class RealPostconf : IDisposable
{
    private RealPostconf(string directory) => Directory = directory;

    public string Directory { get; }

    public string MainCf => Path.Combine(Directory, "main.cf");

    public static RealPostconf Create(byte[] mainCf)
    {
        RealPostfix.Require("postconf");
        var dir = Path.Combine(Path.GetTempPath(), "pfnet-maincf-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(dir);
        var pc = new RealPostconf(dir);
        File.WriteAllBytes(Path.Combine(dir, "master.cf"), []);
        RealPostfix.Age(Path.Combine(dir, "master.cf"));
        pc.Write(mainCf);
        return pc;
    }

    public void Write(byte[] mainCf)
    {
        File.WriteAllBytes(MainCf, mainCf);
        RealPostfix.Age(MainCf);
    }

    public byte[] Read() => File.ReadAllBytes(MainCf);

    public async Task<ToolResult> RunAsync(params string[] args)
    {
        var result = await Tool.RunAsync(RealPostfix.Postconf!, ["-c", Directory, .. args]);
        if (File.Exists(MainCf))
        {
            RealPostfix.Age(MainCf);
        }

        return result;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static byte[] Bytes(string byteText) => Encoding.Latin1.GetBytes(byteText);
}
