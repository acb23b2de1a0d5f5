using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Alerts;

namespace RiskWatch.Web.Pages;

/// <summary>The public subscribe form: no account, double opt-in by e-mail.</summary>
public sealed class SubscribeModel(SubscriptionService subscriptions) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Organisation { get; set; } = "";
    [BindProperty] public string Countries { get; set; } = "";
    [BindProperty] public List<string> Categories { get; set; } = [];
    [BindProperty] public int MinLevel { get; set; } = 3;
    [BindProperty] public string Language { get; set; } = "zh-CN";
    [BindProperty] public string Frequency { get; set; } = "immediate";
    [BindProperty] public string Keywords { get; set; } = "";
    public IReadOnlyDictionary<string, string[]>? Errors { get; private set; }
    public bool Accepted { get; private set; }

    public void OnGet() => Language = Ui.Language(HttpContext);

    public async Task OnPostAsync(CancellationToken ct)
    {
        var result = await subscriptions.SubscribeAsync(new SubscribeRequest
        {
            Email = Email, Organisation = Organisation, Countries = FormLists.Split(Countries), Categories = Categories, MinLevel = MinLevel,
            Language = Language, Frequency = Frequency, Keywords = FormLists.Split(Keywords),
        }, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        Accepted = result.Status == SubscribeStatus.Accepted;
        Errors = result.Status switch
        {
            SubscribeStatus.RateLimited => new Dictionary<string, string[]> { ["email"] = ["rate-limited"] },
            SubscribeStatus.Invalid => result.Errors,
            _ => null,
        };
        if (!Accepted) Response.StatusCode = result.Status == SubscribeStatus.RateLimited ? 429 : 400;
    }
}
