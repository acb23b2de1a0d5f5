namespace RiskWatch.Web;

/// <summary>
/// The interface language: Chinese by default, English one click away (<c>?ui=en</c> or <c>?ui=zh-CN</c> sets a cookie).
/// All page and export strings live here, one key per string, in both languages.
/// </summary>
public static class Ui
{
    public const string Cookie = "rw-ui";

    public static string Language(HttpContext ctx)
    {
        var asked = ctx.Request.Query["ui"].ToString();
        if (asked.Length > 0)
        {
            var lang = asked.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN";
            ctx.Response.Cookies.Append(Cookie, lang, new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true });
            return lang;
        }
        return ctx.Request.Cookies[Cookie] is "en" ? "en" : "zh-CN";
    }

    public static bool IsZh(string lang) => lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string T(string lang, string key) =>
        Strings.TryGetValue(key, out var s) ? (IsZh(lang) ? s.Zh : s.En) : key;

    /// <summary>预警提示 / 防范建议 / 典型案例通报 and their English names.</summary>
    public static string AdvisoryKind(string kind, string lang) => T(lang, "kind." + kind);

    private static readonly Dictionary<string, (string Zh, string En)> Strings = new()
    {
        ["app.name"] = ("RiskWatch 境外投资风险监测预警", "RiskWatch overseas risk monitoring"),
        ["nav.dashboard"] = ("总览", "Dashboard"),
        ["nav.search"] = ("检索", "Search"),
        ["nav.countries"] = ("国别", "Countries"),
        ["nav.subscribe"] = ("订阅预警", "Subscribe"),
        ["nav.advisories"] = ("预警与案例", "Advisories"),
        ["nav.sources"] = ("数据源", "Sources"),
        ["nav.reports"] = ("报告", "Reports"),
        ["nav.mail"] = ("发件箱", "Outbox"),
        ["nav.login"] = ("登录", "Sign in"),
        ["nav.logout"] = ("退出", "Sign out"),
        ["nav.api"] = ("API 文档", "API reference"),
        ["lang.switch"] = ("English", "中文"),
        ["search.placeholder"] = ("输入关键词，如 恐怖袭击、kidnapping、\"Do Not Travel\"", "Keywords, e.g. 恐怖袭击, kidnapping, \"Do Not Travel\""),
        ["search.button"] = ("检索", "Search"),
        ["search.results"] = ("条结果", "results"),
        ["search.none"] = ("没有符合条件的条目。", "No items match."),
        ["search.more"] = ("下一页", "Next page"),
        ["search.export"] = ("导出 CSV", "Export CSV"),
        ["search.sort"] = ("排序", "Sort"),
        ["sort.relevance"] = ("相关度", "Relevance"),
        ["sort.newest"] = ("最新", "Newest"),
        ["sort.severity"] = ("最严重", "Most severe"),
        ["facet.country"] = ("国家/地区", "Country"),
        ["facet.category"] = ("类别", "Category"),
        ["facet.level"] = ("风险等级", "Level"),
        ["facet.source"] = ("来源", "Source"),
        ["filter.clear"] = ("清除筛选", "Clear filters"),
        ["item.level"] = ("等级", "Level"),
        ["item.official"] = ("官方等级", "Official level"),
        ["item.source"] = ("来源", "Source"),
        ["item.published"] = ("发布", "Published"),
        ["item.open"] = ("原文", "Original"),
        ["label.correct"] = ("修正类别/等级", "Correct category/level"),
        ["label.severity"] = ("严重程度", "Severity"),
        ["label.note"] = ("说明", "Note"),
        ["label.unchanged"] = ("（不修改）", "(unchanged)"),
        ["label.save"] = ("保存修正", "Save correction"),
        ["label.saved"] = ("修正已保存，将用于下次训练。", "Correction saved; the next training run learns from it."),
        ["label.nothing"] = ("请选择正确的类别或严重程度（或两者）。", "Choose the right category, severity or both."),
        ["label.corrected"] = ("已由研判人员修正", "Corrected by an analyst"),
        ["dash.latest"] = ("最新高风险信息", "Latest high-severity items"),
        ["dash.changes"] = ("最新等级变化", "Latest level changes"),
        ["dash.sources"] = ("数据源状态", "Source health"),
        ["dash.total"] = ("已收录条目", "Items indexed"),
        ["dash.map"] = ("全球风险地图", "World risk map"),
        ["sources.healthy"] = ("正常", "Healthy"),
        ["sources.failing"] = ("异常", "Failing"),
        ["sources.disabled"] = ("未启用", "Disabled"),
        ["sources.never"] = ("尚未运行", "Not run yet"),
        ["sources.override"] = ("配置文件（RiskWatch:Sources）给出默认设置；管理员在本页的启用/停用选择会保存下来并优先于配置，重启后仍然有效，计划任务立即生效。",
            "The configuration (RiskWatch:Sources) is the default; an admin's enable/disable choice on this page is stored and overrides it, survives restarts and applies to the schedule at once."),
        ["sources.saved"] = ("已保存", "saved"),
        ["sources.builtin"] = ("内置", "built-in"),
        ["sources.added"] = ("管理员添加", "added by an admin"),
        ["sources.add"] = ("添加数据源", "Add a source"),
        ["weekly.title"] = ("每周简报邮件", "Weekly briefing e-mail"),
        ["mail.title"] = ("发件箱（取件目录）", "Outbox (pickup folder)"),
        ["mail.none"] = ("还没有邮件。", "No mail yet."),
        ["subscribe.title"] = ("订阅风险预警", "Subscribe to risk alerts"),
        ["kind.advisory"] = ("预警提示", "Early warning"),
        ["kind.prevention"] = ("防范建议", "Prevention advice"),
        ["kind.case"] = ("典型案例通报", "Typical case"),
        ["csv.header"] = ("发布日期|来源|国家代码|国家|等级|等级名称|官方等级原文|类别|标题|链接", "published|source|country codes|countries|level|level name|official level|category|title|url"),
    };
}
