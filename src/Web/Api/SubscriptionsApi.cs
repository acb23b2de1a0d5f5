using Microsoft.AspNetCore.Http.HttpResults;
using RiskWatch.Alerts;

namespace RiskWatch.Web.Api;

/// <summary>
/// Subscriptions without an account: <c>POST /api/subscriptions</c> (202, double opt-in), then token links for confirm,
/// manage, unsubscribe (also RFC 8058 one-click POST) and feedback. An invalid token and an unknown subscription both answer 404.
/// </summary>
public static class SubscriptionsApi
{
    public static void MapSubscriptionsApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/subscriptions").WithTags("Subscriptions");
        g.MapPost("/", SubscribeAsync).WithSummary("Subscribe (double opt-in: a confirmation e-mail is sent; nothing else until it is followed)");
        g.MapPost("/confirm", async (string? token, SubscriptionService s, CancellationToken ct) => ToResult(await s.ConfirmAsync(token, ct)))
            .WithSummary("Confirm with the token from the confirmation e-mail");
        g.MapGet("/manage", async (string? token, SubscriptionService s, CancellationToken ct) =>
                await s.GetForManageAsync(token, ct) is { } view ? Results.Ok(view) : NotFound())
            .WithSummary("The subscription a manage token belongs to");
        g.MapPut("/manage", async (string? token, SubscribeRequest preferences, SubscriptionService s, CancellationToken ct) =>
                ToResult(await s.UpdateAsync(token, preferences, ct)))
            .WithSummary("Change countries, categories, level, language, frequency or keywords");
        g.MapPost("/unsubscribe", async (string? token, SubscriptionService s, CancellationToken ct) => ToResult(await s.UnsubscribeAsync(token, ct)))
            .DisableAntiforgery()
            .WithSummary("Unsubscribe with a token");
        g.MapPost("/feedback", async (string? token, string? item, bool relevant, SubscriptionService s, CancellationToken ct) =>
                ToResult(await s.RecordFeedbackAsync(token, item, relevant, ct)))
            .WithSummary("Record whether an alerted item was relevant (a label for the classifier)");
        g.MapGet("/feedback-labels", async (DateTimeOffset? since, SubscriptionService s, CancellationToken ct) =>
                TypedResults.Ok(await s.GetFeedbackLabelsAsync(since, ct)))
            .RequireAuthorization(Hosting.Roles.Analyst)
            .WithSummary("Subscribers' relevance answers, as training labels (Analyst)");
    }

    private static async Task<IResult> SubscribeAsync(SubscribeRequest request, SubscriptionService s, HttpContext ctx, CancellationToken ct)
    {
        var client = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = await s.SubscribeAsync(request, client, ct);
        return result.Status switch
        {
            SubscribeStatus.Accepted => Results.Accepted(value: new { status = "pending-confirmation", message = "A confirmation e-mail is on its way; follow its link to start receiving alerts." }),
            SubscribeStatus.RateLimited => RateLimited(ctx, result.RetryAfter),
            _ => Results.ValidationProblem(result.Errors, title: "The subscription is not valid"),
        };
    }

    private static IResult RateLimited(HttpContext ctx, TimeSpan? retryAfter)
    {
        if (retryAfter is { } r) ctx.Response.Headers.RetryAfter = ((int)Math.Ceiling(r.TotalSeconds)).ToString();
        return Results.Problem("too many subscription requests from this address or client; try again later", statusCode: 429, title: "Too many requests");
    }

    internal static IResult ToResult(TokenActionResult r) => r.Status switch
    {
        TokenActionStatus.Done or TokenActionStatus.AlreadyDone => Results.Ok(new { status = r.Status.ToString(), subscription = r.Subscription }),
        TokenActionStatus.Invalid => Results.ValidationProblem(r.Errors ?? new Dictionary<string, string[]>(), title: "Not valid"),
        _ => NotFound(),
    };

    private static IResult NotFound() => Results.Problem("the link is not valid or the subscription no longer exists", statusCode: 404, title: "Not found");
}
