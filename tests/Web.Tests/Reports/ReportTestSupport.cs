using System.Diagnostics;
using RiskWatch.Web.Reports;
using Xunit.Abstractions;

namespace RiskWatch.Web.Tests.Reports;

internal static class ReportTestSupport
{
    /// <summary>False (and says why) when the machine has no CJK font: PDF and chart tests then return early. The test script installs fonts-wqy-zenhei.</summary>
    public static bool CjkFontInstalled(ITestOutputHelper output)
    {
        if (CjkFont.Find() is not null) return true;
        var message = "SKIPPED: no CJK font installed (apt-get install -y fonts-wqy-zenhei); PDF export cannot be tested here.";
        output.WriteLine(message);
        Console.WriteLine(message);
        return false;
    }

    /// <summary>Runs a poppler tool; null (with a message) when it is not installed.</summary>
    public static string? Run(ITestOutputHelper output, string tool, string arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit(30_000);
            Assert.True(p.ExitCode == 0, $"{tool} failed: {p.StandardError.ReadToEnd()}");
            return stdout;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output.WriteLine($"{tool} is not installed (apt-get install -y poppler-utils): that check was left out.");
            return null;
        }
    }

    public static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), "riskwatch-report-test-" + Guid.NewGuid().ToString("N") + extension);
}
