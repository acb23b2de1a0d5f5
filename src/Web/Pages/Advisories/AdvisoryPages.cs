using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Alerts;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Pages.Advisories;

/// <summary>Published advisories and case notices for everyone; drafts too for analysts.</summary>
public sealed class IndexModel(AdvisoryService advisories) : PageModel
{
    public IReadOnlyList<AdvisoryView> Items { get; private set; } = [];
    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(string? country, CancellationToken ct)
    {
        CanWrite = User.IsInRole(Roles.Analyst) || User.IsInRole(Roles.Admin);
        Items = await advisories.ListAsync(null, CanWrite ? null : "published", country, 0, 100, ct);
    }
}

/// <summary>One advisory or case notice, rendered from its sanitized HTML.</summary>
public sealed class ViewModel(AdvisoryService advisories) : PageModel
{
    public AdvisoryView? Advisory { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Advisory = await advisories.GetAsync(id, ct);
        var canSeeDrafts = User.IsInRole(Roles.Analyst) || User.IsInRole(Roles.Admin);
        if (Advisory is null || (Advisory.Status != "published" && !canSeeDrafts)) return NotFound();
        return Page();
    }
}

/// <summary>Write or edit a draft, preview the e-mail, publish (Analyst).</summary>
[Authorize(Policy = Roles.Analyst)]
public sealed class EditModel(AdvisoryService advisories) : PageModel
{
    [BindProperty] public string Kind { get; set; } = "advisory";
    [BindProperty] public string Title { get; set; } = "";
    [BindProperty] public string Body { get; set; } = "";
    [BindProperty] public string Countries { get; set; } = "";
    [BindProperty] public List<string> Categories { get; set; } = [];
    public long? Id { get; private set; }
    public AdvisoryView? Current { get; private set; }
    public AdvisoryPreview? Preview { get; private set; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        if (id is null) return Page();
        Current = await advisories.GetAsync(id.Value, ct);
        if (Current is null) return NotFound();
        Load(Current);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long? id, CancellationToken ct)
    {
        var input = new AdvisoryInput { Kind = Kind, Title = Title, BodyMarkdown = Body, Countries = FormLists.Split(Countries), Categories = Categories };
        var result = id is null ? await advisories.CreateDraftAsync(input, User.Identity?.Name, ct) : await advisories.UpdateAsync(id.Value, input, ct);
        if (result.Status != AdvisoryStatus.Ok) { Errors = result.Errors ?? new Dictionary<string, string[]> { ["status"] = [result.Status.ToString()] }; Id = id; return Page(); }
        return Redirect($"/advisories/edit/{result.Advisory!.Id}?saved=1");
    }

    public async Task<IActionResult> OnPostPreviewAsync(long id, string? lang, CancellationToken ct)
    {
        Current = await advisories.GetAsync(id, ct);
        if (Current is null) return NotFound();
        Load(Current);
        Preview = await advisories.PreviewAsync(id, lang ?? Ui.Language(HttpContext), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken ct)
    {
        var result = await advisories.PublishAsync(id, ct);
        if (result.Status != AdvisoryStatus.Ok)
        {
            Current = await advisories.GetAsync(id, ct);
            if (Current is not null) Load(Current);
            Errors = result.Errors ?? new Dictionary<string, string[]> { ["status"] = [result.Status.ToString()] };
            return Page();
        }
        return Redirect($"/advisories/{id}");
    }

    private void Load(AdvisoryView a)
    {
        Id = a.Id;
        Kind = a.Kind;
        Title = a.Title;
        Body = a.BodyMarkdown;
        Countries = string.Join(", ", a.Countries);
        Categories = a.Categories.ToList();
        if (Request.Query.ContainsKey("saved")) Message = "saved";
    }
}
