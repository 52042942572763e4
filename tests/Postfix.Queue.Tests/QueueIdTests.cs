namespace Postfix.Queue.Tests;

public sealed class QueueIdTests
{
    [Fact]
    public void Parse_PostconfManualExample_DecodesTimeAndInode()
    {
        var id = QueueId.Parse("3Pt2mN2VXxznjll");
        Assert.True(id.IsLong);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1300631508).AddTicks(353025 * 10), id.EnqueueTime);
        Assert.Equal(353025, id.Microseconds);
        Assert.Equal(5536956UL, id.InodeNumber);
    }

    [Fact]
    public void Parse_ShortId_DecodesMicrosecondsAndInode()
    {
        var id = QueueId.Parse("51837B202EA");
        Assert.False(id.IsLong);
        Assert.Null(id.EnqueueTime);
        Assert.Equal(0x51837, id.Microseconds);
        Assert.Equal(0xB202EAUL, id.InodeNumber);
    }

    [Theory]
    [InlineData("51837B202EA*")]
    [InlineData("51837B202EA!")]
    [InlineData("4jbh9k4lXkz1hwH4#")]
    [InlineData("51837b202ea")]
    [InlineData("518370")]
    [InlineData("51837")]
    [InlineData("")]
    [InlineData(" 51837B202EA")]
    [InlineData("51837B202EA\r")]
    [InlineData("ALL")]
    [InlineData("4jbh9k4lXkz")]
    [InlineData("4jbh9k4lXkz0hwH4")]
    [InlineData("4jbhzzzzzz1hwH4")]
    [InlineData("4jbh9k4lXaz1hwH4")]
    [InlineData("../../etc/passwd")]
    public void TryParse_NotABareId_Rejected(string text)
    {
        Assert.False(QueueId.TryParse(text, out _));
    }

    [Fact]
    public void CreateLong_RoundTripsTimeAndInode()
    {
        var time = new DateTimeOffset(2026, 11, 27, 18, 3, 38, TimeSpan.Zero).AddTicks(123456 * 10);
        var id = QueueId.CreateLong(time, 6_000_000);
        Assert.True(QueueId.TryParse(id.Value, out var parsed));
        Assert.Equal(time, parsed.EnqueueTime);
        Assert.Equal(6_000_000UL, parsed.InodeNumber);
    }
}
