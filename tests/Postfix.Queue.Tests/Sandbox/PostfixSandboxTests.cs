using Postfix.Testing;

namespace Postfix.Queue.Tests.Sandbox;

/// <summary>The real-Postfix fixture itself: a message to a dead loopback destination ends up deferred.</summary>
public sealed class PostfixSandboxTests
{
    [Fact]
    public async Task SendMail_DeadLoopbackDestination_IsDeferredInPostqueueJson()
    {
        RealPostfix.Require("postfix", "postconf", "postqueue", "sendmail");
        await using var pf = await PostfixSandbox.CreateAsync(new PostfixSandboxOptions
        {
            Transport = "dead.test smtp:[127.0.0.1]:9\n",
        });
        await pf.StartAsync();

        await pf.SendMailAsync("alice@pftest.test", ["bob@dead.test"]);
        await pf.WaitForQueueSettledAsync();

        var queue = await pf.QueueJsonAsync();
        var message = Assert.Single(queue).RootElement;
        Assert.Equal("deferred", message.GetProperty("queue_name").GetString());
        Assert.Equal("alice@pftest.test", message.GetProperty("sender").GetString());
        var recipient = Assert.Single(message.GetProperty("recipients").EnumerateArray());
        Assert.Equal("bob@dead.test", recipient.GetProperty("address").GetString());
        Assert.Contains("127.0.0.1[127.0.0.1]:9", recipient.GetProperty("delay_reason").GetString(), StringComparison.Ordinal);
        Assert.True(await pf.WaitForLogAsync("status=deferred"), await pf.ReadLogAsync());
    }
}
