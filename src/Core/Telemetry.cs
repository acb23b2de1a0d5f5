using System.Diagnostics.Metrics;

namespace RiskWatch.Core;

/// <summary>
/// RiskWatch's metrics (System.Diagnostics.Metrics, exported by the host in Prometheus format). One meter for every module,
/// so an operator finds every figure under one name.
/// </summary>
public static class Telemetry
{
    public const string MeterName = "RiskWatch";
    private static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly Counter<long> ItemsCollected = Meter.CreateCounter<long>("riskwatch_items_collected", "items", "Items parsed from sources");
    public static readonly Counter<long> ItemsIndexed = Meter.CreateCounter<long>("riskwatch_items_indexed", "items", "New or updated items written to the index");
    public static readonly Counter<long> LevelChanges = Meter.CreateCounter<long>("riskwatch_level_changes", "events", "Official level changes detected");
    public static readonly Counter<long> SourceFailures = Meter.CreateCounter<long>("riskwatch_source_failures", "runs", "Source runs that failed");
    public static readonly Counter<long> MailSent = Meter.CreateCounter<long>("riskwatch_mail_sent", "messages", "E-mails delivered (SMTP or pickup folder)");
    public static readonly Counter<long> MailFailures = Meter.CreateCounter<long>("riskwatch_mail_failures", "messages", "E-mail delivery attempts that failed");
    public static readonly Histogram<double> IngestSeconds = Meter.CreateHistogram<double>("riskwatch_ingest_duration", "s", "Time to classify and index one batch");
    public static readonly Histogram<double> SourceRunSeconds = Meter.CreateHistogram<double>("riskwatch_source_run_duration", "s", "Time of one source run");
}
