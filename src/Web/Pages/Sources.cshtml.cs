using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Collectors;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Pages;

/// <summary>
/// Every source's state and last error. Admins run a source now, enable or disable it (stored, overriding the configuration),
/// add a generic rss/json/html source and remove one they added.
/// </summary>
public sealed class SourcesModel(CollectorRunner runner, SourceRegistry registry) : PageModel
{
    public IReadOnlyList<SourceStatus> Statuses { get; private set; } = [];
    public SourceRunResult? LastRun { get; private set; }
    public string? Done { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; private set; }
    public bool IsAdmin => User.IsInRole(Roles.Admin);

    /// <summary>The add-a-source form, as typed (kept on errors so nothing typed is lost).</summary>
    public SourceForm Form { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Statuses = await runner.GetStatusesAsync(ct);

    public async Task<IActionResult> OnPostRunAsync(string id, CancellationToken ct)
    {
        if (!IsAdmin) return Forbid();
        if (registry.Get(id) is null) return NotFound();
        LastRun = await runner.RunAsync(id, ct);
        Statuses = await runner.GetStatusesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSwitchAsync(string id, bool enabled, CancellationToken ct)
    {
        if (!IsAdmin) return Forbid();
        var r = await runner.Catalog.SetEnabledAsync(id, enabled, User.Identity?.Name, ct);
        if (r.Status == SourceChangeStatus.NotFound) return NotFound();
        Done = id;
        Statuses = await runner.GetStatusesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, CancellationToken ct)
    {
        if (!IsAdmin) return Forbid();
        var r = await runner.Catalog.RemoveAsync(id, User.Identity?.Name, ct);
        if (r.Status == SourceChangeStatus.NotFound) return NotFound();
        if (r.Status == SourceChangeStatus.NotRemovable)
        {
            Problem = r.Message;
            Response.StatusCode = 409;
        }
        else Done = id;
        Statuses = await runner.GetStatusesAsync(ct);
        return Page();
    }

    // Bound only here, with its prefix: a page-wide [BindProperty] would fall back to the other forms' fields ("enabled").
    public async Task<IActionResult> OnPostAddAsync([Bind(Prefix = "Form")] SourceForm form, CancellationToken ct)
    {
        if (!IsAdmin) return Forbid();
        Form = form;
        var (input, formErrors) = Form.ToNewSource();
        SourceChangeResult r = formErrors.Count > 0
            ? new SourceChangeResult(SourceChangeStatus.Invalid, formErrors)
            : await runner.Catalog.AddAsync(input, User.Identity?.Name, ct);
        if (r.Status == SourceChangeStatus.Done)
        {
            Done = input.Id?.Trim().ToLowerInvariant();
            Form = new SourceForm();
            ModelState.Clear();
        }
        else
        {
            Errors = r.Errors;
            Response.StatusCode = 400;
        }
        Statuses = await runner.GetStatusesAsync(ct);
        return Page();
    }

    /// <summary>The fields of the add form; lists and the level map are typed as text.</summary>
    public sealed class SourceForm
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string Kind { get; set; } = "rss";
        public string? Url { get; set; }
        public string? Cron { get; set; }
        public string? IntervalMinutes { get; set; }
        public string? Countries { get; set; }
        public string? Language { get; set; }
        public string? Item { get; set; }
        public string? Title { get; set; }
        public string? Link { get; set; }
        public string? Date { get; set; }
        public string? Body { get; set; }
        public string? Level { get; set; }
        /// <summary>One "text=level" per line or separated by ";", e.g. "暂勿前往=5; 谨慎前往=4".</summary>
        public string? LevelMap { get; set; }
        public bool FollowLinks { get; set; }
        public string? ArticleBody { get; set; }
        public bool AllowPrivateNetwork { get; set; }
        public bool Enabled { get; set; } = true;

        public (NewSource Input, Dictionary<string, string[]> Errors) ToNewSource()
        {
            var errors = new Dictionary<string, string[]>();
            int? interval = null;
            if (!string.IsNullOrWhiteSpace(IntervalMinutes))
            {
                if (int.TryParse(IntervalMinutes.Trim(), out var m)) interval = m;
                else errors["intervalMinutes"] = ["间隔须为整数分钟 (the interval is a whole number of minutes)"];
            }
            var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in (LevelMap ?? "").Split(['\n', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var at = entry.LastIndexOfAny(['=', '＝']);
                if (at > 0 && int.TryParse(entry[(at + 1)..].Trim(), out var level)) map[entry[..at].Trim()] = level;
                else errors["levelMap"] = [$"“{entry}”应写成 文字=等级，如 暂勿前往=5 (write text=level, e.g. 暂勿前往=5)"];
            }
            return (new NewSource
            {
                Id = Id, Name = Name, Kind = Kind, Url = Url, Cron = Cron, IntervalMinutes = interval, Enabled = Enabled,
                Countries = FormLists.Split(Countries), Language = Language, Item = Item, Title = Title, Link = Link, Date = Date, Body = Body,
                Level = Level, LevelMap = map, FollowLinks = FollowLinks, ArticleBody = ArticleBody, AllowPrivateNetwork = AllowPrivateNetwork,
            }, errors);
        }
    }
}
