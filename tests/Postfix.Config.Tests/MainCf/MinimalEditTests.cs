using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.MainCf;

namespace Postfix.Config.Tests.MainCf;

public sealed class MinimalEditTests
{
    private const string Restrictions =
        "# restrictions\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n    # inner comment\n    permit_sasl_authenticated,\n    reject_unauth_destination\nbiff = no\n";

    [Fact]
    public void AddListItem_OneItemPerLine_AddsOwnLineBeforeTarget()
    {
        var document = MainCfDocument.Parse(Restrictions)
            .AddListItem("smtpd_recipient_restrictions", "check_sender_access hash:/etc/postfix/sender_access", before: "reject_unauth_destination");
        Assert.Equal(
            "# restrictions\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n    # inner comment\n    permit_sasl_authenticated,\n    check_sender_access hash:/etc/postfix/sender_access,\n    reject_unauth_destination\nbiff = no\n",
            document.ToString());
        Assert.Equal(
            "permit_mynetworks,    permit_sasl_authenticated,    check_sender_access hash:/etc/postfix/sender_access,    reject_unauth_destination",
            document.GetValue("smtpd_recipient_restrictions"));
    }

    [Fact]
    public void AddListItem_OneItemPerLineAtEnd_AddsCommaToPreviousLastLine()
    {
        var document = MainCfDocument.Parse(Restrictions).AddListItem("smtpd_recipient_restrictions", "reject_unknown_recipient_domain");
        Assert.Equal(
            "# restrictions\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n    # inner comment\n    permit_sasl_authenticated,\n    reject_unauth_destination,\n    reject_unknown_recipient_domain\nbiff = no\n",
            document.ToString());
    }

    [Fact]
    public void AddListItem_SingleLine_UsesExistingSeparator()
    {
        Assert.Equal("mynetworks = 127.0.0.0/8, [::1]/128\n", MainCfDocument.Parse("mynetworks = 127.0.0.0/8\n").AddListItem("mynetworks", "[::1]/128").ToString());
        Assert.Equal("a = x, y, z\n", MainCfDocument.Parse("a = x, y\n").AddListItem("a", "z").ToString());
        Assert.Equal("a = x y z\n", MainCfDocument.Parse("a = x y\n").AddListItem("a", "z").ToString());
        Assert.Equal("a = w x y\n", MainCfDocument.Parse("a = x y\n").AddListItem("a", "w", before: "x").ToString());
    }

    [Fact]
    public void AddListItem_AlreadyPresent_NoChange()
    {
        var document = MainCfDocument.Parse(Restrictions);
        Assert.Same(document, document.AddListItem("smtpd_recipient_restrictions", "permit_mynetworks"));
    }

    [Fact]
    public void AddListItem_AbsentOrEmpty_CreatesValue()
    {
        Assert.Equal("a = 1\nb = x\n", MainCfDocument.Parse("a = 1").AddListItem("b", "x").ToString());
        Assert.Equal("b = x\n", MainCfDocument.Parse("b =\n").AddListItem("b", "x").ToString());
    }

    [Fact]
    public void RemoveListItem_OwnLine_RemovesLine()
    {
        var document = MainCfDocument.Parse(Restrictions).RemoveListItem("smtpd_recipient_restrictions", "permit_sasl_authenticated");
        Assert.Equal(
            "# restrictions\nsmtpd_recipient_restrictions =\n    permit_mynetworks,\n    # inner comment\n    reject_unauth_destination\nbiff = no\n",
            document.ToString());
    }

    [Fact]
    public void RemoveListItem_SingleLine_RemovesItemAndSeparator()
    {
        Assert.Equal("a = x, z\n", MainCfDocument.Parse("a = x, y, z\n").RemoveListItem("a", "y").ToString());
        Assert.Equal("a = x, y\n", MainCfDocument.Parse("a = x, y, z\n").RemoveListItem("a", "z").ToString());
        Assert.Equal("a = y, z\n", MainCfDocument.Parse("a = x, y, z\n").RemoveListItem("a", "x").ToString());
        Assert.Equal("a = \n", MainCfDocument.Parse("a = x\n").RemoveListItem("a", "x").ToString());
        Assert.Equal("a = p, q\n", MainCfDocument.Parse("a = p, check_sender_access hash:/x, q\n").RemoveListItem("a", "check_sender_access hash:/x").ToString());
    }

    [Fact]
    public void Set_KeepsSpacingAndLineEnding()
    {
        Assert.Equal("x = 1\nmyhostname\t=  new.example  \r\ny = 2\n", MainCfDocument.Parse("x = 1\nmyhostname\t=  old  \r\ny = 2\n").Set("myhostname", "new.example").ToString());
        Assert.Equal("relayhost = [127.0.0.1]:9\n", MainCfDocument.Parse("relayhost =\n").Set("relayhost", "[127.0.0.1]:9").ToString());
        Assert.Equal("a = 1\n# keep\nb = 2\n", MainCfDocument.Parse("a = x,\n# keep\n  y\nb = 2\n").Set("a", "1").ToString());
        Assert.Equal("a = 1\nb = 2\n", MainCfDocument.Parse("a = 1").Set("b", "2").ToString());
    }

    [Fact]
    public void Remove_ContinuedDefinition_KeepsInnerCommentsAndEverythingElse()
    {
        var document = MainCfDocument.Parse("x = 1\r\na = one,\n# keep\n  two\nb = 2\na = 3");
        Assert.Equal("x = 1\r\n# keep\nb = 2\n", document.Remove("a").ToString());
        Assert.Same(document, document.Remove("absent"));
    }

    [Fact]
    public void CommentOut_ContinuedDefinition_PrefixesOnlyItsLines()
    {
        var document = MainCfDocument.Parse("x = 1\r\na = one,\n# keep\n  two\nb = 2\r\n");
        Assert.Equal("x = 1\r\n#a = one,\n# keep\n#  two\nb = 2\r\n", document.CommentOut("a").ToString());
        Assert.Equal("x = 1\r\n#a = one,\n# keep\n#  two\n#b = 2\r\n", document.CommentOut("a", "b").ToString());
    }

    [Fact]
    public void Set_Duplicates_ChangesOnlyLastDefinition()
    {
        Assert.Equal("a = 1\nb = 0\na = 3\n", MainCfDocument.Parse("a = 1\nb = 0\na = 2\n").Set("a", "3").ToString());
    }

    [Property(MaxTest = 300)]
    public Property MinimalEdits_ChangeOnlyTargetEntryBytes()
    {
        var gen = Gen.Choose(0, int.MaxValue);
        return Prop.ForAll(gen.ToArbitrary(), seed =>
        {
            var generator = new MainCfGenerator(seed) { AllowInvalid = true };
            var document = MainCfDocument.Parse(Encoding.Latin1.GetBytes(generator.Next()));
            var random = new Random(seed);
            var name = generator.NextName();
            var target = document.Find(name);
            var item = random.Next(2) == 0 ? "check_sender_access hash:/etc/postfix/access" : "reject_unauth_destination";
            var edited = random.Next(3) switch
            {
                0 => document.Set(name, "new value"),
                1 => document.AddListItem(name, item, random.Next(2) == 0 ? "a" : null),
                _ => document.RemoveListItem(name, random.Next(2) == 0 ? "a" : "example.com"),
            };
            AssertOnlyTargetChanged(document, edited, target);
        });
    }

    [Fact]
    public void MinimalEdits_ResultMeansWhatWasAsked()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var generator = new MainCfGenerator(seed);
            var document = MainCfDocument.Parse(Encoding.Latin1.GetBytes(generator.Next()));
            var name = generator.NextName();
            Assert.Equal("new value", document.Set(name, "new value").GetValue(name));
            var added = document.AddListItem(name, "check_sender_access hash:/etc/postfix/access", "a");
            var words = added.GetValue(name)!.Split([',', ' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("check_sender_access", words);
            var removed = added.RemoveListItem(name, "check_sender_access hash:/etc/postfix/access");
            var left = removed.GetValue(name)!.Split([',', ' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            var before = (document.GetValue(name) ?? string.Empty).Split([',', ' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(before, left);
        }
    }

    private static void AssertOnlyTargetChanged(MainCfDocument before, MainCfDocument after, MainCfParameter? target)
    {
        var a = before.ToBytes();
        var b = after.ToBytes();
        if (target is null)
        {
            // Appended (or unchanged): the old bytes are a prefix, up to a newline added to an unterminated last line.
            var prefix = a.Length > 0 && a[^1] != '\n' ? [.. a, (byte)'\n'] : a;
            Assert.True(b.AsSpan().StartsWith(a) && (b.Length == a.Length || b.AsSpan().StartsWith(prefix)));
            return;
        }

        var start = before.Entries.TakeWhile(e => !ReferenceEquals(e, target)).Sum(e => e.Length);
        var end = start + target.Length;
        Assert.True(b.AsSpan(0, start).SequenceEqual(a.AsSpan(0, start)));
        Assert.True(b.AsSpan(b.Length - (a.Length - end)).SequenceEqual(a.AsSpan(end)));
    }
}
