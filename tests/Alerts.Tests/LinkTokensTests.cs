using RiskWatch.Alerts.Tests.Support;

namespace RiskWatch.Alerts.Tests;

public sealed class LinkTokensTests
{
    private static readonly LinkTokens Tokens = new(System.Text.Encoding.UTF8.GetBytes("k-0123456789abcdef0123456789abcdef"));

    [Fact]
    public void Verify_GenuineToken_GivesItsSubscription()
    {
        Assert.Equal(42, Tokens.Verify(Tokens.Create(42, TokenPurpose.Manage), TokenPurpose.Manage));
    }

    [Fact]
    public void Verify_OtherPurposeOtherScopeOrOtherKey_IsRefused()
    {
        var confirm = Tokens.Create(42, TokenPurpose.Confirm);
        Assert.Null(Tokens.Verify(confirm, TokenPurpose.Unsubscribe));
        Assert.Null(Tokens.Verify(confirm, TokenPurpose.Manage));
        var fb = Tokens.Create(42, TokenPurpose.Feedback, "item-1");
        Assert.Null(Tokens.Verify(fb, TokenPurpose.Feedback, "item-2"));
        var other = new LinkTokens(System.Text.Encoding.UTF8.GetBytes("another key entirely............"));
        Assert.Null(other.Verify(confirm, TokenPurpose.Confirm));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAACo.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!.???")]
    public void Verify_Malformed_IsRefused(string token) => Assert.Null(Tokens.Verify(token, TokenPurpose.Confirm));

    [Fact]
    public void Verify_IdSwappedIntoAnotherTokensSignature_IsRefused()
    {
        var a = Tokens.Create(1, TokenPurpose.Unsubscribe);
        var b = Tokens.Create(2, TokenPurpose.Unsubscribe);
        var forged = b.Split('.')[0] + "." + a.Split('.')[1];
        Assert.Null(Tokens.Verify(forged, TokenPurpose.Unsubscribe));
    }

    [Fact]
    public async Task Service_TokenOfOneSubscription_CannotManageOrUnsubscribeAnother()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var a = Some.Request(countries: ["AF"]);
        var b = Some.Request(countries: ["AF"]);
        await h.SubscribeConfirmedAsync(a);
        var idB = await h.SubscribeConfirmedAsync(b);
        var confirmA = AlertsHarness.LinkToken(AlertsHarness.Parse((await h.OutboxAsync("confirm", a.Email)).Single()).TextBody, "confirm");
        var unsubA = AlertsHarness.LinkToken(AlertsHarness.Parse((await h.OutboxAsync("confirm", a.Email)).Single()).TextBody, "unsubscribe");

        // A confirm token is no manage or unsubscribe token.
        Assert.Null(await h.Subscriptions.GetForManageAsync(confirmA, default));
        Assert.Equal(TokenActionStatus.InvalidToken, (await h.Subscriptions.UnsubscribeAsync(confirmA, default)).Status);
        // A's signature with B's id.
        Span<byte> id = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(id, idB);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(id) + "." + unsubA.Split('.')[1];
        Assert.Equal(TokenActionStatus.InvalidToken, (await h.Subscriptions.UnsubscribeAsync(forged, default)).Status);
        await h.IngestAsync(Some.Item("AF", 3));
        Assert.Single(await h.OutboxAsync("alert", b.Email));
    }

    [Fact]
    public async Task Key_WithoutConfiguration_IsGeneratedOnceAndKeptInTheDataFolder()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var t1 = h.Get<LinkTokens>().Create(7, TokenPurpose.Manage);
        var keyFile = Path.Combine(h.DataDir, "keys", "alerts-signing.key");
        Assert.True(File.Exists(keyFile));
        await h.RestartAsync();
        Assert.Equal(7, h.Get<LinkTokens>().Verify(t1, TokenPurpose.Manage));
    }
}
