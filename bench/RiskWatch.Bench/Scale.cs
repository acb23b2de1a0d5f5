namespace RiskWatch.Bench;

/// <summary>How big each measurement is. Quick runs the same measurements smaller, to finish within about a minute.</summary>
internal sealed record Scale(
    int UsFeedItems,
    int ChinaItems,
    int IndexItems,
    int IndexCheckpoint,
    int IndexBatch,
    int SearchRepeats,
    int Subscriptions,
    int MatchItems,
    int PredictionItems,
    int PipelineItems,
    int Emails,
    int IdleSeconds,
    int IdleSources,
    int IndexBudgetSeconds,
    int RetrainItems)
{
    public static readonly Scale Quick = new(
        UsFeedItems: 500, ChinaItems: 1_000,
        IndexItems: 20_000, IndexCheckpoint: 20_000, IndexBatch: 2_000, SearchRepeats: 5,
        Subscriptions: 100_000, MatchItems: 2_000,
        PredictionItems: 20_000, PipelineItems: 2_000,
        Emails: 300, IdleSeconds: 5, IdleSources: 50, IndexBudgetSeconds: 600, RetrainItems: 1_000);

    public static readonly Scale Full = new(
        UsFeedItems: 5_000, ChinaItems: 5_000,
        IndexItems: 1_000_000, IndexCheckpoint: 100_000, IndexBatch: 5_000, SearchRepeats: 25,
        Subscriptions: 1_000_000, MatchItems: 10_000,
        PredictionItems: 30_000, PipelineItems: 10_000,
        Emails: 1_000, IdleSeconds: 10, IdleSources: 50, IndexBudgetSeconds: 240, RetrainItems: 100_000);
}
