using RiskWatch.Collectors.Generic;
using RiskWatch.Collectors.Sources;

namespace RiskWatch.Collectors;

/// <summary>Every source by id: the built-in ones (with any configured URL) and the generic ones defined in configuration.</summary>
public sealed class SourceRegistry
{
    // Copy-on-write: sources added or removed by an admin at run time never disturb a reader enumerating the previous list.
    private sealed record Snapshot(IReadOnlyList<ISource> Ordered, IReadOnlyDictionary<string, ISource> ById);
    private volatile Snapshot _snapshot;
    private readonly Lock _write = new();

    /// <summary>Ids of the built-in sources, most specific format first (the order <see cref="Recognize"/> tries them in).</summary>
    public static IReadOnlyList<string> BuiltInIds { get; } =
    [
        UsStateDeptSource.SourceId, UkFcdoSource.SourceId, CanadaTravelSource.SourceId, AustraliaSmartravellerSource.SourceId, GermanyAaSource.SourceId,
        ChinaMfaDestinationsSource.SourceId, ChinaMfaAlertsSource.SourceId, GdacsSource.SourceId, WhoDonSource.SourceId, WorldBankSource.SourceId,
        UnSanctionsSource.SourceId, OfacSource.SourceId, GdeltSource.SourceId,
    ];

    public static bool IsBuiltIn(string id) => BuiltInIds.Contains(id, StringComparer.OrdinalIgnoreCase);

    public SourceRegistry(IEnumerable<ISource> sources)
    {
        var byId = new Dictionary<string, ISource>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<ISource>();
        foreach (var s in sources)
        {
            if (!byId.TryAdd(s.Id, s)) throw new ArgumentException($"two sources have the id \"{s.Id}\"");
            ordered.Add(s);
        }
        _snapshot = Make(ordered);
    }

    // Built-ins first in their specificity order, then the rest in the order given.
    private static Snapshot Make(IEnumerable<ISource> sources)
    {
        var ordered = sources.OrderBy(s => BuiltInIds.IndexOf(s.Id) is var i and >= 0 ? i : int.MaxValue).ToList();
        return new Snapshot(ordered, ordered.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The built-in sources with their official URLs (what <c>parse</c> needs without any configuration).</summary>
    public static SourceRegistry CreateDefault() => new(CreateBuiltIns(new Dictionary<string, SourceOptions>()));

    public IReadOnlyList<ISource> All => _snapshot.Ordered;

    public IEnumerable<string> Ids => _snapshot.Ordered.Select(s => s.Id);

    public ISource? Get(string id) => _snapshot.ById.GetValueOrDefault(id);

    public bool TryGet(string id, out ISource source) => _snapshot.ById.TryGetValue(id, out source!);

    /// <summary>Adds a source at run time (an admin's); false when the id is taken.</summary>
    internal bool TryAdd(ISource source)
    {
        lock (_write)
        {
            if (_snapshot.ById.ContainsKey(source.Id)) return false;
            _snapshot = Make(_snapshot.Ordered.Append(source));
            return true;
        }
    }

    /// <summary>Removes a source at run time; false when there is none with that id.</summary>
    internal bool Remove(string id)
    {
        lock (_write)
        {
            if (!_snapshot.ById.ContainsKey(id)) return false;
            _snapshot = Make(_snapshot.Ordered.Where(s => !string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)));
            return true;
        }
    }

    /// <summary>The first source, most specific first, that recognises <paramref name="content"/>; null when none does.</summary>
    public ISource? Recognize(string content)
    {
        foreach (var s in _snapshot.Ordered)
        {
            if (s.Recognizes(content)) return s;
        }
        return null;
    }

    internal static IEnumerable<ISource> CreateBuiltIns(IReadOnlyDictionary<string, SourceOptions> options)
    {
        Uri? Url(string id) => options.TryGetValue(id, out var o) && !string.IsNullOrWhiteSpace(o.Url) && string.IsNullOrWhiteSpace(o.Kind)
            ? new Uri(o.Url, UriKind.Absolute) : null;
        yield return new UsStateDeptSource(Url(UsStateDeptSource.SourceId));
        yield return new UkFcdoSource(Url(UkFcdoSource.SourceId));
        yield return new CanadaTravelSource(Url(CanadaTravelSource.SourceId));
        yield return new AustraliaSmartravellerSource(Url(AustraliaSmartravellerSource.SourceId));
        yield return new GermanyAaSource(Url(GermanyAaSource.SourceId));
        yield return new ChinaMfaDestinationsSource(Url(ChinaMfaDestinationsSource.SourceId));
        yield return new ChinaMfaAlertsSource(Url(ChinaMfaAlertsSource.SourceId));
        yield return new GdacsSource(Url(GdacsSource.SourceId));
        yield return new WhoDonSource(Url(WhoDonSource.SourceId));
        yield return new WorldBankSource(Url(WorldBankSource.SourceId));
        yield return new UnSanctionsSource(Url(UnSanctionsSource.SourceId));
        yield return new OfacSource(Url(OfacSource.SourceId));
        yield return new GdeltSource(Url(GdeltSource.SourceId));
    }

    /// <summary>Built-ins plus every configured entry with a <c>Kind</c> (generic sources).</summary>
    internal static IEnumerable<ISource> CreateAll(IReadOnlyDictionary<string, SourceOptions> options)
    {
        foreach (var s in CreateBuiltIns(options)) yield return s;
        foreach (var (id, o) in options)
        {
            if (string.IsNullOrWhiteSpace(o.Kind) || IsBuiltIn(id)) continue;
            yield return new ConfiguredSource(id, o);
        }
    }

    /// <summary>The official URL a built-in source fetches by default (for the sources page).</summary>
    public static Uri? DefaultUrl(string id) => id switch
    {
        UsStateDeptSource.SourceId => UsStateDeptSource.DefaultUrl,
        UkFcdoSource.SourceId => UkFcdoSource.DefaultUrl,
        CanadaTravelSource.SourceId => CanadaTravelSource.DefaultUrl,
        AustraliaSmartravellerSource.SourceId => AustraliaSmartravellerSource.DefaultUrl,
        GermanyAaSource.SourceId => GermanyAaSource.DefaultUrl,
        ChinaMfaDestinationsSource.SourceId => ChinaMfaDestinationsSource.DefaultUrl,
        ChinaMfaAlertsSource.SourceId => ChinaMfaAlertsSource.DefaultUrl,
        GdacsSource.SourceId => GdacsSource.DefaultUrl,
        WhoDonSource.SourceId => WhoDonSource.DefaultUrl,
        WorldBankSource.SourceId => WorldBankSource.DefaultUrl,
        UnSanctionsSource.SourceId => UnSanctionsSource.DefaultUrl,
        OfacSource.SourceId => OfacSource.DefaultUrl,
        GdeltSource.SourceId => GdeltSource.DefaultUrl,
        _ => null,
    };
}

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
