namespace RiskWatch.Core;

/// <summary>
/// The one table that maps every publisher's raw level onto RiskWatch's 1–5 scale
/// (1 低 low, 2 较低 moderate, 3 中等 elevated, 4 高 high, 5 极高 extreme).
/// Four-step travel scales map to 1, 2, 4, 5: "reconsider" is already high risk, "do not travel" extreme;
/// 3 is left for warnings limited to parts of a country.
/// </summary>
public static class Crosswalk
{
    /// <summary>US State Dept: Level 1 Exercise Normal Precautions … Level 4 Do Not Travel.</summary>
    public static int? UsStateDept(int usLevel) => usLevel switch { 1 => 1, 2 => 2, 3 => 4, 4 => 5, _ => null };

    /// <summary>China MFA colours: 蓝 低风险, 黄 中风险 (注意安全), 橙 高风险 (谨慎前往), 红 极高风险 (暂勿前往).</summary>
    public static int? ChinaColour(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return null;
        if (raw.Contains('红') || raw.Contains("暂勿前往") || raw.Contains("极高")) return 5;
        if (raw.Contains('橙') || raw.Contains("谨慎前往") || raw.Contains("高风险")) return 4;
        if (raw.Contains('黄') || raw.Contains("注意安全") || raw.Contains("中风险")) return 2;
        if (raw.Contains('蓝') || raw.Contains("低风险")) return 1;
        return null;
    }

    /// <summary>Canada advisory-state 0 normal precautions, 1 high degree of caution, 2 avoid non-essential travel, 3 avoid all travel.</summary>
    public static int? Canada(int state) => state switch { 0 => 1, 1 => 2, 2 => 4, 3 => 5, _ => null };

    /// <summary>Australia Smartraveller: 1 normal precautions, 2 high degree of caution, 3 reconsider your need to travel, 4 do not travel.</summary>
    public static int? Australia(int step) => step switch { 1 => 1, 2 => 2, 3 => 4, 4 => 5, _ => null };

    /// <summary>UK FCDO: whole country or parts, all travel or all but essential travel.</summary>
    public static int UkFcdo(bool allTravel, bool wholeCountry, bool anyWarning) =>
        !anyWarning ? 1 : (allTravel, wholeCountry) switch { (true, true) => 5, (true, false) => 4, (false, true) => 4, _ => 3 };

    /// <summary>Germany Auswärtiges Amt flags.</summary>
    public static int Germany(bool warning, bool partialWarning, bool situationWarning, bool situationPartWarning) =>
        warning ? 5 : partialWarning ? 4 : situationWarning ? 4 : situationPartWarning ? 3 : 1;

    /// <summary>GDACS alert colour Green / Orange / Red.</summary>
    public static int? Gdacs(string? colour) => colour?.Trim().ToLowerInvariant() switch
    {
        "green" => 1, "orange" => 3, "red" => 5, _ => null,
    };

    /// <summary>OECD country risk classification 0–7 (0 = high-income OECD, not classified).</summary>
    public static int? OecdClass(int c) => c switch { 0 => 1, 1 or 2 => 2, 3 or 4 => 3, 5 or 6 => 4, 7 => 5, _ => null };

    /// <summary>Sinosure country risk 1–9.</summary>
    public static int? Sinosure(int c) => c switch { 1 or 2 => 1, 3 or 4 => 2, 5 or 6 => 3, 7 or 8 => 4, 9 => 5, _ => null };
}
