using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using RiskWatch.Core;
using RiskWatch.Scoring.Models;

namespace RiskWatch.Scoring;

/// <summary>
/// The ML.NET item classifier. Reads the current model from <c>&lt;models&gt;/current/model.zip</c>; with no model there it
/// trains one from the seed corpus and saves it. A model file that cannot be loaded never replaces the one in use:
/// <see cref="HealthProblem"/> says why. Never throws from <see cref="Classify"/>.
/// </summary>
public sealed class MlItemClassifier : IItemClassifier
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly ScoringOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MlItemClassifier> _log;
    private readonly string _currentPath;
    private readonly Lock _gate = new();
    private ModelBundle? _model;
    private DateTime _loadedStamp;
    private string? _healthProblem;

    public MlItemClassifier(IOptions<ScoringOptions> options, TimeProvider time, ILogger<MlItemClassifier> log)
    {
        _options = options.Value;
        _time = time;
        _log = log;
        if (string.IsNullOrWhiteSpace(_options.ModelsDirectory))
            throw new ArgumentException("ScoringOptions.ModelsDirectory must be set (AddScoring sets it to <data>/models).", nameof(options));
        _currentPath = Path.Combine(_options.ModelsDirectory, "current", "model.zip");
    }

    /// <summary>The version of the model in use; loads (or trains the seed model) on first use.</summary>
    public string ModelVersion => Ensure()?.Info.Version ?? "none";

    /// <summary>Null when the model in use is the current one on disk; otherwise why not (corrupt file, failed training…).</summary>
    public string? HealthProblem { get { Ensure(); return _healthProblem; } }

    /// <summary>The path the current model is read from.</summary>
    public string CurrentModelPath => _currentPath;

    /// <summary>Re-reads the current model file now (after a train promoted a new one). Keeps the old model when the file is unusable.</summary>
    public bool Reload()
    {
        lock (_gate) { return LoadCurrent(force: true); }
    }

    public IReadOnlyList<Classification> Classify(IReadOnlyList<ClassifierInput> items)
    {
        var result = new Classification[items?.Count ?? 0];
        if (items is null || items.Count == 0) return result;
        var model = Ensure();
        var notes = new string?[items.Count];
        var penalty = new double[items.Count];
        var prepared = new TextRow?[items.Count];
        // Linear heads predict one row at a time from their weights: preparing and predicting an item is then one piece of
        // work per item, spread over the cores in one pass (each extra parallel pass costs its join).
        bool direct = model is not null && model.Severity.IsLinear && model.Category.IsLinear;
        Parallel.For(0, items.Count, Options(items.Count), i =>
        {
            var it = items[i];
            if (it is null) { result[i] = Fallback("no item"); return; }
            var row = TextPrep.Row(it.Title, it.Text, _options.MaxTextChars, mask: true, out var truncated);
            row.Country = it.Countries is { Count: > 0 } cs ? cs[0]?.ToUpperInvariant() : null;
            row.Source = it.Source;
            var (cjk, latin, other) = TextPrep.Scripts(it.Title, it.Text);
            if (cjk + latin + other == 0 || row.Text.Length == 0)
            {
                result[i] = Fallback("empty text: nothing to judge");
                return;
            }
            penalty[i] = 1;
            var note = new List<string>();
            if (other > cjk + latin)
            {
                penalty[i] = 0.2;
                note.Add("text is mostly in a script the model was not trained on (only Chinese and English are); low confidence");
            }
            else if (cjk + latin < 20)
            {
                penalty[i] = 0.5;
                note.Add("very short text; low confidence");
            }
            if (truncated) note.Add($"text cut to its first {_options.MaxTextChars} characters");
            notes[i] = note.Count == 0 ? null : string.Join("; ", note);
            if (direct)
            {
                try
                {
                    var (sevLabel, sevP) = model!.Severity.PredictOne(row);
                    var (catLabel, catP) = model.Category.PredictOne(row);
                    result[i] = Result(sevLabel, sevP, catLabel, catP, penalty[i], notes[i]);
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Left to the batch path below, whose failure handling answers a low-confidence default and says why.
                }
            }
            prepared[i] = row;
        });
        var index = Enumerable.Range(0, items.Count).Where(i => prepared[i] is not null).ToList();
        if (index.Count == 0) return result;
        if (model is null)
        {
            foreach (var i in index) result[i] = Fallback("no classifier model is available: " + _healthProblem);
            return result;
        }
        try
        {
            // One IDataView per core-sized chunk, transformed in parallel (the transformers are thread-safe that way).
            var chunks = index.Chunk(Math.Max(MinChunk, (index.Count + Environment.ProcessorCount - 1) / Environment.ProcessorCount)).ToList();
            Parallel.ForEach(chunks, Options(index.Count), chunk =>
            {
                var rows = chunk.Select(i => prepared[i]!).ToList();
                var sev = model.PredictSeverity(rows);
                var cat = model.PredictCategory(rows);
                for (int k = 0; k < chunk.Length; k++)
                {
                    int i = chunk[k];
                    result[i] = Result(sev[k].Label, sev[k].Probabilities, cat[k].Label, cat[k].Probabilities, penalty[i], notes[i]);
                }
            });
        }
        catch (Exception ex)
        {
            // The failure contract says never throw: a broken model answers low-confidence defaults and health says why.
            var inner = ex is AggregateException ae ? ae.Flatten().InnerExceptions[0] : ex;
            Log.PredictionFailed(_log, index.Count, inner);
            _healthProblem = "prediction failed: " + inner.Message;
            foreach (var i in index) result[i] = Fallback("prediction failed: " + inner.Message);
        }
        return result;
    }

    private static Classification Result(string sevLabel, float[] sevP, string catLabel, float[] catP, double penalty, string? note)
    {
        var severity = int.TryParse(sevLabel, out var s) && RiskLevels.IsValid(s) ? s : RiskLevels.Min;
        var category = RiskCategories.Parse(catLabel) ?? RiskCategory.Other;
        return new Classification(category, Max(catP) * penalty, severity, Max(sevP) * penalty, note);
    }

    /// <summary>Below this many items per chunk the cost of another IDataView outweighs a second core.</summary>
    private const int MinChunk = 256;

    private static ParallelOptions Options(int count) => new() { MaxDegreeOfParallelism = count < 2 * MinChunk ? 1 : Environment.ProcessorCount };

    private static double Max(float[] p) => p.Length == 0 ? 0 : Math.Clamp(p.Max(), 0f, 1f);

    private static Classification Fallback(string note) => new(RiskCategory.Other, 0, RiskLevels.Min, 0, note);

    private ModelBundle? Ensure()
    {
        var m = _model;
        // A promoted model replaces current/model.zip: notice it without a restart (one stat per batch).
        if (m is not null && File.Exists(_currentPath) && File.GetLastWriteTimeUtc(_currentPath) == _loadedStamp) return m;
        lock (_gate)
        {
            if (_model is null || (File.Exists(_currentPath) && File.GetLastWriteTimeUtc(_currentPath) != _loadedStamp))
                LoadCurrent(force: false);
            return _model;
        }
    }

    private bool LoadCurrent(bool force)
    {
        if (File.Exists(_currentPath))
        {
            var stamp = File.GetLastWriteTimeUtc(_currentPath);
            if (!force && _model is not null && stamp == _loadedStamp) return true;
            try
            {
                var loaded = ModelBundle.Load(_ml, _currentPath);
                _model = loaded;
                _loadedStamp = stamp;
                _healthProblem = null;
                Log.ModelLoaded(_log, loaded.Info.Version, _currentPath);
                return true;
            }
            catch (OutdatedModelException ex) when (ex.Version.StartsWith("seed-", StringComparison.Ordinal) && _options.TrainSeedModelWhenMissing)
            {
                // A seed model the product trained itself, in the format of an earlier version: train it again (nothing an
                // analyst made is lost); a model someone trained is never replaced behind their back (the branch below).
                Log.TrainingSeedModel(_log, _currentPath);
                _model = TrySeed(save: true);
                return _model is not null;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                _loadedStamp = stamp; // do not retry the same bad file on every batch
                if (_model is null) _model = TrySeed(save: false);
                _healthProblem = $"model file {_currentPath} is unusable ({ex.Message}); using model {_model?.Info.Version ?? "none"}";
                Log.ModelRejected(_log, _currentPath, _model?.Info.Version ?? "none", ex.Message);
                return false;
            }
        }
        if (_model is not null) return true;
        if (!_options.TrainSeedModelWhenMissing)
        {
            _healthProblem = $"no model at {_currentPath} and seed training is off";
            return false;
        }
        Log.TrainingSeedModel(_log, _currentPath);
        _model = TrySeed(save: true);
        return _model is not null;
    }

    private ModelBundle? TrySeed(bool save)
    {
        try
        {
            var sw = Stopwatch.StartNew();
            var bundle = BundleTrainer.TrainSeed(_time.GetUtcNow(), _options.MaxTextChars);
            if (save)
            {
                bundle.Save(Path.Combine(_options.ModelsDirectory, bundle.Info.Version, "model.zip"));
                bundle.Save(_currentPath);
                _loadedStamp = File.GetLastWriteTimeUtc(_currentPath);
            }
            Log.SeedModelTrained(_log, bundle.Info.Version, sw.ElapsedMilliseconds, save ? _currentPath : "(memory)");
            return bundle;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _healthProblem = "seed model training failed: " + ex.Message;
            return _model;
        }
    }
}
