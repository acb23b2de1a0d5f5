using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Alerts;

namespace RiskWatch.Web.Pages.Subscriptions;

/// <summary>The confirm link from the double opt-in e-mail.</summary>
public sealed class ConfirmModel(SubscriptionService subscriptions) : PageModel
{
    public TokenActionResult? Result { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken ct)
    {
        Result = await subscriptions.ConfirmAsync(token, ct);
        if (Result.Status is not (TokenActionStatus.Done or TokenActionStatus.AlreadyDone)) Response.StatusCode = 404;
    }
}

/// <summary>
/// Unsubscribe: GET shows a button; POST unsubscribes. The POST is also RFC 8058 one-click (a mail client posts
/// <c>List-Unsubscribe=One-Click</c>), so it needs no anti-forgery token: the signed token is the proof.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(SubscriptionService subscriptions) : PageModel
{
    public TokenActionResult? Result { get; private set; }

    /// <summary>Shows the button; the token stays in the URL the form posts to.</summary>
    public void OnGet() { }

    public async Task OnPostAsync(string? token, CancellationToken ct)
    {
        Result = await subscriptions.UnsubscribeAsync(token, ct);
        if (Result.Status is not (TokenActionStatus.Done or TokenActionStatus.AlreadyDone)) Response.StatusCode = 404;
    }
}

/// <summary>Manage preferences with the manage token from any e-mail.</summary>
[IgnoreAntiforgeryToken]
public sealed class ManageModel(SubscriptionService subscriptions) : PageModel
{
    public SubscriptionView? Subscription { get; private set; }
    public TokenActionResult? Result { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken ct)
    {
        Subscription = await subscriptions.GetForManageAsync(token, ct);
        if (Subscription is null) Response.StatusCode = 404;
    }

    public async Task OnPostAsync(string? token, [FromForm] string? countries, [FromForm] int minLevel, [FromForm] string? frequency, [FromForm] string? language, CancellationToken ct)
    {
        Result = await subscriptions.UpdateAsync(token, new SubscribeRequest
        {
            Countries = FormLists.Split(countries),
            MinLevel = minLevel, Frequency = frequency, Language = language,
        }, ct);
        Subscription = Result.Subscription ?? await subscriptions.GetForManageAsync(token, ct);
        if (Subscription is null) Response.StatusCode = 404;
    }
}

/// <summary>"Relevant / not relevant" links in alert e-mails: saved as labels for the classifier.</summary>
public sealed class FeedbackModel(SubscriptionService subscriptions) : PageModel
{
    public TokenActionResult? Result { get; private set; }
    public bool Relevant { get; private set; }

    public async Task OnGetAsync(string? token, string? item, bool relevant, CancellationToken ct)
    {
        Relevant = relevant;
        Result = await subscriptions.RecordFeedbackAsync(token, item, relevant, ct);
        if (Result.Status is not (TokenActionStatus.Done or TokenActionStatus.AlreadyDone)) Response.StatusCode = 404;
    }
}
