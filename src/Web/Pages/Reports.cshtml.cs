using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Reports;

namespace RiskWatch.Web.Pages;

/// <summary>Briefing export, and the weekly briefing e-mail: its schedule, the recipient list (editable, stored) and "send now".</summary>
[Authorize(Policy = Roles.BriefingOfficer)]
public sealed class ReportsModel(WeeklyBriefingService weekly, TimeProvider time) : PageModel
{
    public WeeklyBriefingView Weekly { get; private set; } = null!;
    public WeeklyBriefingResult? Sent { get; private set; }
    public string? SendProblem { get; private set; }
    public bool Saved { get; private set; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; private set; }

    /// <summary>The recipients as typed: one per line, or separated by commas (kept on errors so nothing typed is lost).</summary>
    [BindProperty] public string? Recipients { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Weekly = await weekly.ViewAsync(ct);
        Recipients = string.Join("\n", Weekly.Recipients);
    }

    public async Task OnPostRecipientsAsync(CancellationToken ct)
    {
        var list = (Recipients ?? "").Split(['\n', '\r', ',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Errors = await weekly.SaveRecipientsAsync(list, User.Identity?.Name, ct);
        Saved = Errors is null;
        if (!Saved) Response.StatusCode = 400;
        Weekly = await weekly.ViewAsync(ct);
        if (Saved) Recipients = string.Join("\n", Weekly.Recipients);
    }

    public async Task OnPostSendAsync(CancellationToken ct)
    {
        try
        {
            Sent = await weekly.SendAsync(time.GetUtcNow(), ct);
        }
        catch (CjkFontNotFoundException ex)
        {
            SendProblem = ex.Message;
        }
        Weekly = await weekly.ViewAsync(ct);
        Recipients = string.Join("\n", Weekly.Recipients);
    }
}
