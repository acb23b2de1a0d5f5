using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Tests.Support;

namespace RiskWatch.Alerts.Tests;

public sealed class SubscriptionServiceTests
{
    [Fact]
    public async Task Subscribe_BeforeConfirm_OnlyTheConfirmationIsQueued_AfterConfirmAlertsFlow()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request(countries: [], minLevel: 1);
        var r = await h.Subscriptions.SubscribeAsync(req, "1.2.3.4", default);
        Assert.Equal(SubscribeStatus.Accepted, r.Status);

        await h.IngestAsync(Some.Item("AF", 5), Some.Item("US", 1));
        var mails = await h.OutboxAsync(to: req.Email);
        var confirm = Assert.Single(mails);
        Assert.Equal("confirm", confirm.Kind);

        var text = AlertsHarness.Parse(confirm).TextBody;
        Assert.Contains(AlertsHarness.BaseUrl + "/subscriptions/confirm?token=", text);
        var result = await h.Subscriptions.ConfirmAsync(AlertsHarness.LinkToken(text, "confirm"), default);
        Assert.Equal(TokenActionStatus.Done, result.Status);
        Assert.Equal(TokenActionStatus.AlreadyDone, (await h.Subscriptions.ConfirmAsync(AlertsHarness.LinkToken(text, "confirm"), default)).Status);

        await h.IngestAsync(Some.Item("AF", 5));
        Assert.Single(await h.OutboxAsync("alert", req.Email));
    }

    [Fact]
    public async Task Subscribe_InvalidFields_AnswersErrorsPerField()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var r = await h.Subscriptions.SubscribeAsync(new SubscribeRequest
        {
            Email = "not-an-address", Countries = ["XX1"], Categories = ["weather"], MinLevel = 9, Language = "fr", Frequency = "hourly",
        }, "c", default);
        Assert.Equal(SubscribeStatus.Invalid, r.Status);
        Assert.Equal(["categories", "countries", "email", "frequency", "language", "minLevel"], r.Errors.Keys.Order().ToArray());
        await using var db = h.Db();
        Assert.Equal(0, await db.Subscriptions.CountAsync());
    }

    [Fact]
    public async Task Subscribe_AcceptsIso3AndNames_StoresIso2()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var id = await h.SubscribeConfirmedAsync(Some.Request(countries: ["AFG", "de", "美国"], categories: ["terrorism", "Health"]));
        await using var db = h.Db();
        var s = await db.Subscriptions.SingleAsync(x => x.Id == id);
        Assert.Equal(["AF", "DE", "US"], s.Countries);
        Assert.Equal(["terrorism", "health"], s.Categories);
    }

    [Fact]
    public async Task Subscribe_SixthRequestWithinTheHour_IsRateLimitedPerAddressAndPerClient()
    {
        await using var h = await AlertsHarness.CreateAsync();
        for (int i = 0; i < 5; i++)
            Assert.Equal(SubscribeStatus.Accepted, (await h.Subscriptions.SubscribeAsync(Some.Request("same@example.test"), "client-" + i, default)).Status);
        var limited = await h.Subscriptions.SubscribeAsync(Some.Request("same@example.test"), "client-x", default);
        Assert.Equal(SubscribeStatus.RateLimited, limited.Status);
        Assert.NotNull(limited.RetryAfter);

        for (int i = 0; i < 5; i++)
            Assert.Equal(SubscribeStatus.Accepted, (await h.Subscriptions.SubscribeAsync(Some.Request(), "one-client", default)).Status);
        Assert.Equal(SubscribeStatus.RateLimited, (await h.Subscriptions.SubscribeAsync(Some.Request(), "one-client", default)).Status);

        h.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(SubscribeStatus.Accepted, (await h.Subscriptions.SubscribeAsync(Some.Request("same@example.test"), "one-client", default)).Status);
    }

    [Fact]
    public async Task Unsubscribe_StopsAlerts_AndWithdrawsUnsentMessages()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request(countries: ["AF"]);
        await h.SubscribeConfirmedAsync(req);
        await h.IngestAsync(Some.Item("AF", 4));
        var alert = Assert.Single(await h.OutboxAsync("alert", req.Email));
        var token = AlertsHarness.LinkToken(AlertsHarness.Parse(alert).TextBody, "unsubscribe");

        Assert.Equal(TokenActionStatus.Done, (await h.Subscriptions.UnsubscribeAsync(token, default)).Status);
        Assert.Equal(TokenActionStatus.AlreadyDone, (await h.Subscriptions.UnsubscribeAsync(token, default)).Status);
        var withdrawn = Assert.Single(await h.OutboxAsync("alert", req.Email));
        Assert.True(withdrawn.PermanentFailure);
        Assert.Null(withdrawn.SentAt);

        h.Time.Advance(TimeSpan.FromDays(1));
        await h.IngestAsync(Some.Item("AF", 5));
        Assert.Single(await h.OutboxAsync("alert", req.Email));
    }

    [Fact]
    public async Task Manage_UpdateChangesMatching_AndFeedbackIsStoredAsLabel()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var req = Some.Request(countries: ["AF"]);
        await h.SubscribeConfirmedAsync(req);
        var item = Some.Item("AF", 3);
        await h.IngestAsync(item);
        var body = AlertsHarness.Parse(Assert.Single(await h.OutboxAsync("alert", req.Email))).TextBody;
        var manage = AlertsHarness.LinkToken(body, "manage");

        var view = await h.Subscriptions.GetForManageAsync(manage, default);
        Assert.Equal(req.Email, view!.Email);
        var upd = await h.Subscriptions.UpdateAsync(manage, Some.Request(countries: ["IQ"], minLevel: 4), default);
        Assert.Equal(TokenActionStatus.Done, upd.Status);
        await h.IngestAsync(Some.Item("AF", 5), Some.Item("IQ", 3));
        Assert.Single(await h.OutboxAsync("alert", req.Email));
        await h.IngestAsync(Some.Item("IQ", 4));
        Assert.Equal(2, (await h.OutboxAsync("alert", req.Email)).Count);

        var feedback = System.Text.RegularExpressions.Regex.Match(body ?? "", @"feedback\?token=([^&\s]+)&item=([^&\s]+)&relevant=false");
        Assert.True(feedback.Success);
        var itemId = Uri.UnescapeDataString(feedback.Groups[2].Value);
        Assert.Equal(item.Id, itemId);
        Assert.Equal(TokenActionStatus.Done, (await h.Subscriptions.RecordFeedbackAsync(feedback.Groups[1].Value, itemId, false, default)).Status);
        Assert.Equal(TokenActionStatus.Done, (await h.Subscriptions.RecordFeedbackAsync(feedback.Groups[1].Value, itemId, true, default)).Status);
        var label = Assert.Single(await h.Subscriptions.GetFeedbackLabelsAsync(null, default));
        Assert.True(label.Relevant);
        Assert.Equal(itemId, label.ItemId);
        // The same token does not label another item.
        Assert.Equal(TokenActionStatus.InvalidToken, (await h.Subscriptions.RecordFeedbackAsync(feedback.Groups[1].Value, "other-item", true, default)).Status);
    }
}
