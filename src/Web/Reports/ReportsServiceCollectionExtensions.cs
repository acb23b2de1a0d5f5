using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RiskWatch.Web.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="BriefingExporter"/> as a singleton with <see cref="BriefingExportOptions"/> bound from <c>RiskWatch:Reports</c>.</summary>
    public static IServiceCollection AddBriefingExport(this IServiceCollection services)
    {
        services.AddOptions<BriefingExportOptions>().BindConfiguration(BriefingExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new BriefingExporter(sp.GetRequiredService<IOptions<BriefingExportOptions>>().Value));
        return services;
    }
}
