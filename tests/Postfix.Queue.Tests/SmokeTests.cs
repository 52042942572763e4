namespace Postfix.Queue.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_Loads_HasTypes()
    {
        Assert.NotEmpty(typeof(SmokeTests).Assembly.GetTypes());
    }
}
