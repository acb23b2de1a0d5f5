namespace RiskWatch.Web;

/// <summary>Lists typed into one form field: "泰国, Kenya、MM" — ASCII and full-width separators alike; empty or missing is an empty list.</summary>
public static class FormLists
{
    private static readonly char[] Separators = [',', '，', '、', ' ', ';', '；'];

    public static List<string> Split(string? text) =>
        (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
