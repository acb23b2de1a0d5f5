using System.Net;
using System.Text;
using Ganss.Xss;
using Markdig;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using RiskWatch.Alerts.Data;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Alerts.Email;

/// <summary>Who an email goes to, and the language it is written in.</summary>
internal sealed record Recipient(long Id, string Email, string Language, string Organisation = "");

/// <summary>One line of an alert or digest email.</summary>
internal sealed record EmailEntry(string Country, int Level, string Title, string Reason, IReadOnlyList<SourceLink> Sources, string ItemId, DateTimeOffset At, string Snippet = "");

internal static class Emails
{
    public static bool IsZh(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string CountryName(string iso2, string language) =>
        string.IsNullOrEmpty(iso2) ? (IsZh(language) ? "全球 / 未指明国家" : "Global / no country")
        : CountryTable.ByIso2(iso2)?.Name(language) ?? iso2;

    public static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>Only http(s) links from collected data become anchors; anything else (javascript:, data:) is shown as text.</summary>
    public static bool IsSafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}

/// <summary>Builds every email (HTML + plain text, Chinese or English) and turns it into an outbox row, DKIM-signed when configured.</summary>
internal sealed class EmailComposer
{
    private readonly AlertsOptions _o;
    private readonly LinkTokens _tokens;
    private readonly TimeProvider _time;
    private readonly MailboxAddress _from;
    private readonly string _domain;
    private readonly string _base;
    private readonly DkimSigner? _dkim;
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public EmailComposer(IOptions<AlertsOptions> options, LinkTokens tokens, TimeProvider time)
    {
        _o = options.Value;
        _tokens = tokens;
        _time = time;
        _from = MailboxAddress.Parse(_o.From);
        _domain = _from.Domain is { Length: > 0 } d ? d : "riskwatch.local";
        _base = _o.BaseUrl.TrimEnd('/');
        if (_o.Dkim.PrivateKeyPath is { Length: > 0 } key)
        {
            _dkim = new DkimSigner(key, _o.Dkim.Domain!, _o.Dkim.Selector)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        }
    }

    public string ConfirmUrl(long id) => $"{_base}/subscriptions/confirm?token={_tokens.Create(id, TokenPurpose.Confirm)}";
    public string ManageUrl(long id) => $"{_base}/subscriptions/manage?token={_tokens.Create(id, TokenPurpose.Manage)}";
    public string UnsubscribeUrl(long id) => $"{_base}/subscriptions/unsubscribe?token={_tokens.Create(id, TokenPurpose.Unsubscribe)}";
    public string FeedbackUrl(long id, string itemId, bool relevant) =>
        $"{_base}/subscriptions/feedback?token={_tokens.Create(id, TokenPurpose.Feedback, itemId)}&item={Uri.EscapeDataString(itemId)}&relevant={(relevant ? "true" : "false")}";

    public OutboxMessage Confirmation(Recipient r, Subscription s)
    {
        bool zh = Emails.IsZh(r.Language);
        var subject = zh ? "请确认您的 RiskWatch 风险预警订阅" : "Please confirm your RiskWatch risk alert subscription";
        var confirm = ConfirmUrl(r.Id);
        var countries = s.Countries.Count == 0 ? (zh ? "全部国家" : "all countries") : string.Join(zh ? "、" : ", ", s.Countries.Select(c => Emails.CountryName(c, r.Language)));
        var cats = s.Categories.Count == 0 ? (zh ? "全部类别" : "all categories")
            : string.Join(zh ? "、" : ", ", s.Categories.Select(c => RiskCategories.Parse(c)?.DisplayName(r.Language) ?? c));
        var freq = (s.Frequency, zh) switch
        {
            ("daily", true) => "每日汇总", ("weekly", true) => "每周汇总", (_, true) => "即时",
            ("daily", false) => "daily digest", ("weekly", false) => "weekly digest", _ => "immediately",
        };
        var summary = zh
            ? $"国家：{countries}\n类别：{cats}\n最低等级：{RiskLevels.Name(s.MinLevel, r.Language)}\n频率：{freq}" + (s.Keywords.Count > 0 ? $"\n关键词：{string.Join("、", s.Keywords)}" : "")
            : $"Countries: {countries}\nCategories: {cats}\nMinimum level: {RiskLevels.Name(s.MinLevel, r.Language)}\nFrequency: {freq}" + (s.Keywords.Count > 0 ? $"\nKeywords: {string.Join(", ", s.Keywords)}" : "");
        var text = new StringBuilder();
        text.AppendLine(zh ? "您好，" : "Hello,").AppendLine();
        text.AppendLine(zh ? "我们收到了以本邮箱订阅 RiskWatch 风险预警的申请。请打开下面的链接确认订阅（确认之前我们不会再向您发送任何邮件）：" :
            "We received a request to send RiskWatch risk alerts to this address. Open the link below to confirm (nothing else is sent until you do):");
        text.AppendLine().AppendLine(confirm).AppendLine();
        text.AppendLine(summary).AppendLine();
        text.AppendLine(zh ? "如果不是您本人申请，请忽略本邮件。" : "If you did not ask for this, ignore this email.");
        var html = new StringBuilder();
        html.Append("<p>").Append(zh ? "您好，" : "Hello,").Append("</p><p>")
            .Append(Emails.H(zh ? "我们收到了以本邮箱订阅 RiskWatch 风险预警的申请。确认之前我们不会再向您发送任何邮件。" : "We received a request to send RiskWatch risk alerts to this address. Nothing else is sent until you confirm."))
            .Append("</p><p><a href=\"").Append(Emails.H(confirm)).Append("\" style=\"font-weight:bold\">").Append(zh ? "确认订阅" : "Confirm subscription").Append("</a></p>")
            .Append("<p style=\"white-space:pre-line\">").Append(Emails.H(summary)).Append("</p><p>")
            .Append(Emails.H(zh ? "如果不是您本人申请，请忽略本邮件。" : "If you did not ask for this, ignore this email.")).Append("</p>");
        return Build(r, "confirm", subject, html.ToString(), text.ToString(), feedback: false);
    }

    /// <summary>An immediate alert about one or more events (grouped by country, most severe first).</summary>
    public OutboxMessage Alert(Recipient r, IReadOnlyList<EmailEntry> entries)
    {
        bool zh = Emails.IsZh(r.Language);
        var top = entries.OrderByDescending(e => e.Level).ThenByDescending(e => e.At).First();
        var countryName = Emails.CountryName(top.Country, r.Language);
        var countries = entries.Select(e => e.Country).Distinct().Count();
        var title = Shorten(top.Title, 60);
        var subject = zh
            ? $"【风险预警】{countryName}：{RiskLevels.Name(top.Level, r.Language)}风险 — {title}" + (entries.Count > 1 ? $"（共{entries.Count}条" + (countries > 1 ? $"，{countries}个国家）" : "）") : "")
            : $"[RiskWatch alert] {countryName}: {RiskLevels.Name(top.Level, r.Language)} risk — {title}" + (entries.Count > 1 ? $" ({entries.Count} items" + (countries > 1 ? $", {countries} countries)" : ")") : "");
        var intro = zh ? "以下是与您的订阅相关的最新风险变化：" : "New risk changes matching your subscription:";
        var (html, text) = RenderEntries(r, entries, intro, feedback: true);
        return Build(r, "alert", subject, html, text, feedback: true);
    }

    public OutboxMessage Digest(Recipient r, IReadOnlyList<EmailEntry> entries, string period)
    {
        bool zh = Emails.IsZh(r.Language);
        var countries = entries.Select(e => e.Country).Distinct().ToList();
        var worst = entries.Max(e => e.Level);
        var names = string.Join(zh ? "、" : ", ", entries.GroupBy(e => e.Country).OrderByDescending(g => g.Max(e => e.Level)).Take(3).Select(g => Emails.CountryName(g.Key, r.Language)));
        var label = (period, zh) switch { ("weekly", true) => "每周", (_, true) => "每日", ("weekly", false) => "Weekly", _ => "Daily" };
        var subject = zh
            ? $"【RiskWatch {label}汇总】{names}{(countries.Count > 3 ? "等" : "")}：{entries.Count}条，最高{RiskLevels.Name(worst, r.Language)}风险"
            : $"[RiskWatch {label} digest] {names}{(countries.Count > 3 ? " and more" : "")}: {entries.Count} items, highest {RiskLevels.Name(worst, r.Language)}";
        var intro = zh ? $"自上次汇总以来，与您的订阅相关的风险变化（按国家分组，最严重的在前）：" : "Risk changes matching your subscription since the last digest (by country, most severe first):";
        var (html, text) = RenderEntries(r, entries, intro, feedback: true);
        return Build(r, "digest", subject, html, text, feedback: true);
    }

    /// <summary>A published advisory, prevention advice or typical-case notice.</summary>
    public OutboxMessage AdvisoryNotice(Recipient r, Advisory a)
    {
        var (subject, html, text) = RenderAdvisory(a, r.Language);
        return Build(r, a.Kind, subject, html, text, feedback: false);
    }

    /// <summary>The HTML body as a subscriber would see it, for the analyst's preview.</summary>
    public (string Subject, string Html, string Text) PreviewAdvisory(Advisory a, string language)
    {
        var (subject, html, text) = RenderAdvisory(a, language);
        var r = new Recipient(0, "preview@example.invalid", language);
        return (subject, Wrap(r, subject, html, feedback: false), text);
    }

    private (string Subject, string Html, string Text) RenderAdvisory(Advisory a, string language)
    {
        bool zh = Emails.IsZh(language);
        var kind = (a.Kind, zh) switch
        {
            ("prevention", true) => "防范建议", ("case", true) => "典型案例通报", (_, true) => "预警提示",
            ("prevention", false) => "Prevention advice", ("case", false) => "Typical case notice", _ => "Advisory",
        };
        var countries = string.Join(zh ? "、" : ", ", a.Countries.Select(c => Emails.CountryName(c, language)));
        var subject = zh ? $"【{kind}】{(countries.Length > 0 ? countries + "：" : "")}{a.Title}" : $"[{kind}] {(countries.Length > 0 ? countries + ": " : "")}{a.Title}";
        // Markdown from analysts is still sanitized: a pasted snippet from a collected page must not carry script into mail.
        var body = new HtmlSanitizer().Sanitize(Markdig.Markdown.ToHtml(a.BodyMarkdown ?? "", Markdown));
        var html = new StringBuilder();
        html.Append("<h1 style=\"font-size:20px\">").Append(Emails.H(a.Title)).Append("</h1>");
        if (countries.Length > 0) html.Append("<p style=\"color:#555\">").Append(Emails.H((zh ? "涉及国家：" : "Countries: ") + countries)).Append("</p>");
        html.Append("<div>").Append(body).Append("</div>");
        var text = new StringBuilder();
        text.AppendLine(a.Title).AppendLine();
        if (countries.Length > 0) text.AppendLine((zh ? "涉及国家：" : "Countries: ") + countries).AppendLine();
        text.AppendLine(Markdig.Markdown.ToPlainText(a.BodyMarkdown ?? "", Markdown).Trim());
        return (subject, html.ToString(), text.ToString());
    }

    private (string Html, string Text) RenderEntries(Recipient r, IReadOnlyList<EmailEntry> entries, string intro, bool feedback)
    {
        bool zh = Emails.IsZh(r.Language);
        var html = new StringBuilder();
        var text = new StringBuilder();
        html.Append("<p>").Append(Emails.H(intro)).Append("</p>");
        text.AppendLine(intro).AppendLine();
        var groups = entries.GroupBy(e => e.Country)
            .OrderByDescending(g => g.Max(e => e.Level)).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var g in groups)
        {
            var name = Emails.CountryName(g.Key, r.Language);
            var worst = g.Max(e => e.Level);
            var head = zh ? $"{name} — 最高{RiskLevels.Name(worst, r.Language)}风险" : $"{name} — highest level {RiskLevels.Name(worst, r.Language)}";
            html.Append("<h2 style=\"font-size:17px;border-bottom:1px solid #ccc\">").Append(Emails.H(head)).Append("</h2>");
            text.AppendLine("== " + head + " ==");
            foreach (var e in g.OrderByDescending(e => e.Level).ThenByDescending(e => e.At))
            {
                var level = zh ? $"[{RiskLevels.Name(e.Level, r.Language)}]" : $"[{RiskLevels.Name(e.Level, r.Language)}]";
                html.Append("<div style=\"margin:12px 0\"><p style=\"margin:0\"><strong>").Append(Emails.H(level)).Append(' ').Append(Emails.H(e.Title)).Append("</strong></p>");
                html.Append("<p style=\"margin:4px 0;color:#333\">").Append(Emails.H(e.Reason)).Append("</p>");
                if (e.Snippet.Length > 0) html.Append("<p style=\"margin:4px 0;color:#666\">").Append(Emails.H(e.Snippet)).Append("</p>");
                text.AppendLine().AppendLine($"{level} {e.Title}").AppendLine(e.Reason);
                if (e.Snippet.Length > 0) text.AppendLine(e.Snippet);
                html.Append("<ul style=\"margin:4px 0\">");
                text.AppendLine(zh ? "来源：" : "Sources:");
                foreach (var s in e.Sources)
                {
                    html.Append("<li>").Append(Emails.H(s.Source)).Append(": ");
                    if (Emails.IsSafeUrl(s.Url)) html.Append("<a href=\"").Append(Emails.H(s.Url)).Append("\">").Append(Emails.H(s.Title)).Append("</a>");
                    else html.Append(Emails.H(s.Title));
                    html.Append("</li>");
                    text.AppendLine($"- {s.Source}: {s.Title}");
                    if (Emails.IsSafeUrl(s.Url)) text.AppendLine("  " + s.Url);
                }
                html.Append("</ul>");
                if (feedback && r.Id > 0 && e.ItemId.Length > 0)
                {
                    var yes = FeedbackUrl(r.Id, e.ItemId, true);
                    var no = FeedbackUrl(r.Id, e.ItemId, false);
                    html.Append("<p style=\"margin:4px 0;font-size:12px\">").Append(zh ? "这条信息对您：" : "Was this useful? ")
                        .Append("<a href=\"").Append(Emails.H(yes)).Append("\">").Append(zh ? "相关" : "Relevant").Append("</a> · ")
                        .Append("<a href=\"").Append(Emails.H(no)).Append("\">").Append(zh ? "不相关" : "Not relevant").Append("</a></p>");
                    text.AppendLine(zh ? "相关：" : "Relevant:").AppendLine("  " + yes).AppendLine(zh ? "不相关：" : "Not relevant:").AppendLine("  " + no);
                }
                html.Append("</div>");
            }
            text.AppendLine();
        }
        return (html.ToString(), text.ToString());
    }

    private string Wrap(Recipient r, string subject, string inner, bool feedback)
    {
        bool zh = Emails.IsZh(r.Language);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"").Append(zh ? "zh-CN" : "en").Append("\"><head><meta charset=\"utf-8\"><title>")
          .Append(Emails.H(subject)).Append("</title></head><body style=\"font-family:sans-serif;max-width:720px;margin:auto;color:#111\">");
        sb.Append(inner);
        sb.Append("<hr><p style=\"font-size:12px;color:#666\">");
        if (r.Id > 0)
        {
            sb.Append("<a href=\"").Append(Emails.H(ManageUrl(r.Id))).Append("\">").Append(zh ? "管理订阅" : "Manage subscription").Append("</a> · ")
              .Append("<a href=\"").Append(Emails.H(UnsubscribeUrl(r.Id))).Append("\">").Append(zh ? "退订" : "Unsubscribe").Append("</a><br>");
        }
        sb.Append(Emails.H(zh ? "本邮件由 RiskWatch 风险预警系统自动发送。" : "Sent automatically by RiskWatch risk alerts.")).Append("</p></body></html>");
        return sb.ToString();
    }

    private OutboxMessage Build(Recipient r, string kind, string subject, string htmlInner, string text, bool feedback)
    {
        bool zh = Emails.IsZh(r.Language);
        var now = _time.GetUtcNow();
        var id = Guid.NewGuid();
        var footer = new StringBuilder(text);
        footer.AppendLine().AppendLine("--");
        footer.AppendLine(zh ? "管理订阅：" : "Manage subscription:").AppendLine(ManageUrl(r.Id));
        footer.AppendLine(zh ? "退订：" : "Unsubscribe:").AppendLine(UnsubscribeUrl(r.Id));
        footer.AppendLine(zh ? "本邮件由 RiskWatch 风险预警系统自动发送。" : "Sent automatically by RiskWatch risk alerts.");

        var msg = new MimeMessage();
        msg.From.Add(_from);
        msg.To.Add(new MailboxAddress(string.IsNullOrWhiteSpace(r.Organisation) ? "" : r.Organisation, r.Email));
        msg.Subject = subject;
        msg.Date = now;
        msg.MessageId = $"{id:N}@{_domain}";
        var unsubscribe = UnsubscribeUrl(r.Id);
        var mailto = _o.UnsubscribeMailto is { Length: > 0 } m ? m : "unsubscribe@" + _domain;
        msg.Headers.Add("List-Id", $"RiskWatch alerts <alerts.{_domain}>");
        msg.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>, <mailto:{mailto}?subject=unsubscribe%20{r.Id}>");
        msg.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        msg.Headers.Add("Auto-Submitted", "auto-generated");
        msg.Headers.Add("Content-Language", zh ? "zh-CN" : "en");

        var plain = new TextPart("plain");
        plain.SetText(Encoding.UTF8, footer.ToString());
        var html = new TextPart("html");
        html.SetText(Encoding.UTF8, Wrap(r, subject, htmlInner, feedback));
        msg.Body = new MultipartAlternative { plain, html };

        // 7-bit on the wire (base64 / quoted-printable bodies, RFC 2047 headers): the same bytes suit any relay, the pickup folder and DKIM.
        msg.Prepare(EncodingConstraint.SevenBit);
        if (_dkim is not null)
        {
            _dkim.Sign(msg, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.ListUnsubscribe, HeaderId.ListUnsubscribePost, HeaderId.ListId]);
        }
        using var stream = new MemoryStream();
        msg.WriteTo(FormatOptions.Default, stream);
        return new OutboxMessage
        {
            Id = id,
            SubscriptionId = r.Id > 0 ? r.Id : null,
            Kind = kind,
            To = r.Email,
            Subject = subject,
            Mime = stream.ToArray(),
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
