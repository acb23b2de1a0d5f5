using System.Globalization;
using System.Text.Json;

namespace RiskWatch.Collectors.Parsing;

/// <summary>System.Text.Json helpers that turn bad input into <see cref="SourceFormatException"/> with a reason.</summary>
internal static class Json
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    public static JsonDocument Load(string content, string what)
    {
        if (string.IsNullOrWhiteSpace(content)) throw new SourceFormatException($"empty response: no {what} in it");
        var t = content.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (t.Length == 0 || (t[0] != '{' && t[0] != '[')) throw new SourceFormatException($"not JSON: expected {what}, got content starting with \"{Xml.Preview(t)}\"");
        try
        {
            return JsonDocument.Parse(t, Options);
        }
        catch (JsonException ex)
        {
            var truncated = ex.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("incomplete", StringComparison.OrdinalIgnoreCase);
            throw new SourceFormatException(truncated ? $"truncated {what}: the JSON ends early ({ex.Message})" : $"malformed {what}: {ex.Message}", ex);
        }
    }

    public static JsonElement? Prop(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string? Str(this JsonElement e, string name) => e.Prop(name) is { } v ? AsString(v) : null;

    public static string? AsString(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };

    public static long? Long(this JsonElement e, string name)
    {
        if (e.Prop(name) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l)) return l;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var dd)) return (long)dd;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out l)) return l;
        return null;
    }

    public static bool Bool(this JsonElement e, string name) => e.Prop(name) is { } v && (v.ValueKind == JsonValueKind.True
        || (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i != 0)
        || (v.ValueKind == JsonValueKind.String && (v.GetString() is "true" or "1")));

    /// <summary>A dotted path with optional indexes: <c>data.items</c>, <c>country[0].iso3</c>, <c>fields.title</c>. Empty path is the element itself.</summary>
    public static JsonElement? Path(this JsonElement e, string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path == "$") return e;
        JsonElement cur = e;
        foreach (var raw in path.TrimStart('$', '.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var seg = raw;
            int? index = null;
            var b = seg.IndexOf('[');
            if (b >= 0 && seg.EndsWith(']'))
            {
                if (int.TryParse(seg[(b + 1)..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ix)) index = ix;
                seg = seg[..b];
            }
            if (seg.Length > 0)
            {
                if (cur.ValueKind != JsonValueKind.Object || !cur.TryGetProperty(seg, out cur)) return null;
            }
            if (index is int k)
            {
                if (cur.ValueKind != JsonValueKind.Array || k >= cur.GetArrayLength()) return null;
                cur = cur[k];
            }
        }
        return cur.ValueKind == JsonValueKind.Null ? null : cur;
    }
}
