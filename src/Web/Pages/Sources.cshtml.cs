using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Collectors;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Pages;

/// <summary>Every source's state and last error; admins can run one now.</summary>
public sealed class SourcesModel(CollectorRunner runner, SourceRegistry registry) : PageModel
{
    public IReadOnlyList<SourceStatus> Statuses { get; private set; } = [];
    public SourceRunResult? LastRun { get; private set; }
    public bool IsAdmin => User.IsInRole(Roles.Admin);

    public async Task OnGetAsync(CancellationToken ct) => Statuses = await runner.GetStatusesAsync(ct);

    public async Task<IActionResult> OnPostRunAsync(string id, CancellationToken ct)
    {
        if (!IsAdmin) return Forbid();
        if (registry.Get(id) is null) return NotFound();
        LastRun = await runner.RunAsync(id, ct);
        Statuses = await runner.GetStatusesAsync(ct);
        return Page();
    }
}
