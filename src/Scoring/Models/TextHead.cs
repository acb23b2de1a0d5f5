using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace RiskWatch.Scoring.Models;

/// <summary>An input row of a fitted ML.NET learner: the featurized text.</summary>
internal sealed class VectorRow
{
    public VBuffer<float> Features { get; set; }
    public string Label { get; set; } = "";
    public float Weight { get; set; } = 1f;
}

/// <summary>
/// One classifier over texts (the severity head or the category head): our own n-gram featurizers turn a
/// <see cref="TextRow"/> into a sparse vector, an ML.NET learner does the rest. Prediction transforms a batch as one
/// IDataView (thread-safe that way, no PredictionEngine pool).
/// </summary>
internal sealed class TextHead
{
    /// <summary>Slots the severity head keeps: those with most mutual information with the level.</summary>
    public const int SeveritySlots = 2000;

    private readonly MLContext _ml;
    private readonly Shell _shell;
    private readonly SchemaDefinition _schema;

    public ITransformer Model { get; }
    public DataViewSchema InputSchema { get; }
    public TextLearner Learner { get; }
    /// <summary>The class order of the probabilities <see cref="Predict"/> returns.</summary>
    public IReadOnlyList<string> Classes { get; }
    public int Dimension => _shell.Dimension;
    /// <summary>Countries whose indicators the head knows (0: a text-only head).</summary>
    public int ContextCountries => _shell.Context?.Countries ?? 0;

    private TextHead(MLContext ml, TextLearner learner, Shell shell, ITransformer model, DataViewSchema? inputSchema,
        Dictionary<string, Linear>? byPublisher = null)
    {
        _ml = ml;
        Learner = learner;
        _shell = shell;
        _schema = Schema(Dimension);
        Model = model;
        InputSchema = inputSchema ?? ml.Data.LoadFromEnumerable(Array.Empty<VectorRow>(), _schema).Schema;
        Classes = ClassNames(model, InputSchema);
        _linear = Linear.From(model, Dimension, Classes.Count);
        _byPublisher = byPublisher ?? [];
    }

    /// <summary>Texts a publisher needs (of every level) for a head of its own.</summary>
    public const int MinPublisherTexts = 50;

    /// <summary>
    /// Per-publisher heads of a linear severity head: the same features, a model fitted on one publisher's texts. A
    /// publisher's own wording of a level (the US "due to" lists, Smartraveller's region lists, the MFA's frames) is
    /// diluted in one model of all publishers; the prediction for a text of that publisher averages the two.
    /// </summary>
    private readonly Dictionary<string, Linear> _byPublisher;

    public IReadOnlyCollection<string> Publishers => _byPublisher.Keys;

    /// <summary>The weights of a linear head, read out of the ML.NET model; null for a tree ensemble.</summary>
    private readonly Linear? _linear;

    internal bool IsLinear => _linear is not null;

    /// <summary>
    /// A maximum-entropy (multinomial logistic) model as weights laid out feature-major: the k class weights of one
    /// feature are adjacent, so a sparse text vector costs one cache line per n-gram. Prediction is then a few thousand
    /// multiply-adds per text, without ML.NET's per-batch cursor and thread machinery (measured as most of the cost).
    /// </summary>
    private sealed class Linear(float[] weights, float[] biases, int classes)
    {
        /// <summary>The same model with its classes in another order: class c of the result is class order[c] of this.</summary>
        public Linear Reorder(int[] order)
        {
            var w = new float[weights.Length];
            long features = weights.Length / classes;
            for (long j = 0; j < features; j++)
                for (int c = 0; c < classes; c++) w[j * classes + c] = weights[j * classes + order[c]];
            return new Linear(w, order.Select(o => biases[o]).ToArray(), classes);
        }

        public void Write(BinaryWriter w)
        {
            w.Write(classes);
            w.Write(weights.Length);
            foreach (var x in weights) w.Write(x);
            foreach (var x in biases) w.Write(x);
        }

        public static Linear Read(BinaryReader r, int dimension, int expectedClasses)
        {
            int k = r.ReadInt32(), n = r.ReadInt32();
            if (k != expectedClasses || n != (long)Math.Max(1, dimension) * k) throw new InvalidDataException($"a publisher head of {k} classes and {n} weights does not fit this head");
            var w = new float[n];
            for (int i = 0; i < n; i++) w[i] = r.ReadSingle();
            var b = new float[k];
            for (int i = 0; i < k; i++) b[i] = r.ReadSingle();
            return new Linear(w, b, k);
        }

        public static Linear? From(ITransformer model, int dimension, int classes)
        {
            var parameters = (model as IEnumerable<ITransformer> ?? [model])
                .OfType<ISingleFeaturePredictionTransformer<object>>()
                .Select(t => t.Model).OfType<Microsoft.ML.Trainers.MaximumEntropyModelParameters>().FirstOrDefault();
            if (parameters is null) return null;
            VBuffer<float>[] perClass = [];
            parameters.GetWeights(ref perClass, out int k);
            var biases = parameters.GetBiases().ToArray();
            if (k != classes || biases.Length != k) return null;
            var w = new float[(long)Math.Max(1, dimension) * k];
            for (int c = 0; c < k; c++)
            {
                var v = perClass[c];
                if (v.Length != Math.Max(1, dimension)) return null;
                var values = v.GetValues();
                if (v.IsDense) { for (int j = 0; j < values.Length; j++) w[(long)j * k + c] = values[j]; }
                else
                {
                    var ix = v.GetIndices();
                    for (int n = 0; n < ix.Length; n++) w[(long)ix[n] * k + c] = values[n];
                }
            }
            return new Linear(w, biases, k);
        }

        /// <summary>Class probabilities (softmax of the scores) of one sparse vector.</summary>
        public float[] Probabilities(List<int> indices, List<float> values)
        {
            var scores = new double[classes];
            for (int c = 0; c < classes; c++) scores[c] = biases[c];
            for (int n = 0; n < indices.Count; n++)
            {
                long at = (long)indices[n] * classes;
                float x = values[n];
                for (int c = 0; c < classes; c++) scores[c] += weights[at + c] * x;
            }
            double max = scores.Max(), sum = 0;
            for (int c = 0; c < classes; c++) sum += scores[c] = Math.Exp(scores[c] - max);
            var p = new float[classes];
            for (int c = 0; c < classes; c++) p[c] = (float)(scores[c] / sum);
            return p;
        }
    }

    private static SchemaDefinition Schema(int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, dimension));
        return schema;
    }

    /// <summary>Fits a head. Each call has its own MLContext, so heads can be fitted on several threads at once.</summary>
    /// <param name="indicators">Country indicators (ISO-2 → indicator → latest value): the severity heads add the row's
    /// country context (<see cref="CountryContext"/>); null or other heads: text only.</param>
    public static TextHead Fit(TextLearner learner, IReadOnlyList<TextRow> rows,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? indicators = null)
    {
        var ml = new MLContext(seed: 1);
        NgramFeaturizer text;
        NgramFeaturizer? lead = null;
        bool selected = learner is TextLearner.Severity or TextLearner.SeverityLinear;
        // Length features are kept for the trees; the linear head measured lower with them on the grouped folds.
        bool dense = learner == TextLearner.Severity;
        if (selected)
        {
            // Dictionaries of n-grams in at least 3 texts, then the slots that say most about the level, from both.
            var fullText = NgramFeaturizer.Fit(rows.Select(r => r.Text).ToList(), minDocs: 3, maxSlots: 20_000, smoothIdf: true);
            var fullLead = NgramFeaturizer.Fit(rows.Select(r => r.Lead).ToList(), minDocs: 3, maxSlots: 5_000, smoothIdf: true);
            var keep = MutualInformation.Top(rows, fullText, fullLead, SeveritySlots);
            text = fullText.Select(keep.Where(s => s < fullText.Dimension).ToList());
            lead = fullLead.Select(keep.Where(s => s >= fullText.Dimension).Select(s => s - fullText.Dimension).ToList());
        }
        else
        {
            text = NgramFeaturizer.Fit(rows.Select(r => r.Text).ToList(), minDocs: 1, maxSlots: 10_000_000, smoothIdf: false);
        }
        var context = selected ? CountryContext.Fit(indicators, rows.Select(r => r.Country)) : null;
        var shell = new Shell(text, lead, dense, context);
        var data = ml.Data.LoadFromEnumerable(shell.Vectors(rows, withLabels: true), Schema(shell.Dimension));
        var model = Trainer(ml, learner).Fit(data);
        var head = new TextHead(ml, learner, shell, model, data.Schema);
        if (learner == TextLearner.SeverityLinear && head._linear is not null) head.FitPublishers(rows);
        return head;
    }

    /// <summary>Fits a head per publisher with <see cref="MinPublisherTexts"/> texts of every class (see <see cref="_byPublisher"/>).</summary>
    private void FitPublishers(IReadOnlyList<TextRow> rows)
    {
        foreach (var group in rows.Where(r => r.Source is not null).GroupBy(r => r.Source!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var sub = group.ToList();
            var counts = sub.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
            // A publisher of (nearly) every text would get a copy of the global model at the cost of another fit.
            if (sub.Count < MinPublisherTexts || sub.Count > 0.9 * rows.Count || Classes.Any(c => !counts.ContainsKey(c))) continue;
            // Classes weighted by inverse frequency within the publisher, as the global head is within all texts.
            float mean = sub.Count / (float)counts.Count;
            var vectors = _shell.Vectors(sub, withLabels: true).Select(v => { v.Weight = mean / counts[v.Label]; return v; }).ToList();
            var model = Trainer(_ml, Learner).Fit(_ml.Data.LoadFromEnumerable(vectors, _schema));
            var linear = Linear.From(model, Dimension, Classes.Count);
            if (linear is null) continue;
            var names = ClassNames(model, InputSchema);
            _byPublisher[group.Key] = linear.Reorder(Classes.Select(c => Array.IndexOf(names, c)).ToArray());
        }
    }

    /// <summary>The class order of the model's Score vector, read from its slot names.</summary>
    private static string[] ClassNames(ITransformer model, DataViewSchema input)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        model.GetOutputSchema(input)["Score"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, TextLearner learner)
    {
        var label = ml.Transforms.Conversion.MapValueToKey("Label", nameof(VectorRow.Label));
        const string features = nameof(VectorRow.Features), weight = nameof(VectorRow.Weight);
        IEstimator<ITransformer> trainer = learner switch
        {
            TextLearner.Severity => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = features, ExampleWeightColumnName = weight,
                NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 5, NumberOfIterations = 100, LearningRate = 0.1, Seed = 1, Silent = true,
                // One thread: the same model on every run, and LightGBM's OpenMP threads spin when the cores are busy (a 100k
                // retrain with all cores for LightGBM was several times slower on the loaded machine). Other heads fit beside it.
                NumberOfThreads = 1,
            }),
            TextLearner.Sdca => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", features, exampleWeightColumnName: weight, maximumNumberOfIterations: 30),
            TextLearner.SeverityLinear => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = features, ExampleWeightColumnName = weight,
                L1Regularization = 0f, L2Regularization = 0.1f, OptimizationTolerance = 1e-5f,
            }),
            _ => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = features, ExampleWeightColumnName = weight,
                L1Regularization = 0f, L2Regularization = 0.1f,
                // 1e-4 instead of the default 1e-7: on the seed hold-out the looser tolerance gave the same macro-F1, much sooner.
                OptimizationTolerance = 1e-4f, MaximumNumberOfIterations = 200,
            }),
        };
        return label.Append(trainer).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    /// <summary>The predicted class and the probability of every class (in <see cref="Classes"/> order) of each row.</summary>
    public (string Label, float[] Probabilities)[] Predict(IReadOnlyList<TextRow> rows)
    {
        if (rows.Count == 0) return [];
        if (_linear is not null)
        {
            var result = new (string, float[])[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = rows.Count < 512 ? 1 : Environment.ProcessorCount }, i => result[i] = PredictOne(rows[i]));
            return result;
        }
        return PredictByTransform(rows);
    }

    [ThreadStatic] private static (List<int> Indices, List<float> Values)? t_buffers;

    /// <summary>One row through a linear head (see <see cref="IsLinear"/>), on the calling thread.</summary>
    public (string Label, float[] Probabilities) PredictOne(TextRow row)
    {
        var linear = _linear ?? throw new InvalidOperationException("only a linear head predicts one row directly");
        var (indices, values) = t_buffers ??= (new List<int>(1024), new List<float>(1024));
        _shell.Fill(row, indices, values);
        var p = linear.Probabilities(indices, values);
        if (row.Source is not null && _byPublisher.TryGetValue(row.Source, out var own))
        {
            var q = own.Probabilities(indices, values);
            for (int c = 0; c < p.Length; c++) p[c] = 0.5f * (p[c] + q[c]);
        }
        int best = 0;
        for (int c = 1; c < p.Length; c++) if (p[c] > p[best]) best = c;
        return (Classes[best], p);
    }

    /// <summary>
    /// Prediction through the ML.NET model itself (tree heads; and the reference the linear shortcut is tested against).
    /// The global model only: per-publisher heads blend in <see cref="PredictOne"/>.
    /// </summary>
    internal (string Label, float[] Probabilities)[] PredictByTransform(IReadOnlyList<TextRow> rows)
    {
        if (rows.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(_shell.Vectors(rows, withLabels: false), _schema);
        var output = Model.Transform(data);
        return _ml.Data.CreateEnumerable<PredRow>(output, reuseRowObject: false).Select(r => (r.PredictedLabel, r.Score)).ToArray();
    }

    /// <summary>The featurizers alone: turns rows into vectors.</summary>
    private sealed class Shell(NgramFeaturizer text, NgramFeaturizer? lead, bool dense, CountryContext? context)
    {
        public NgramFeaturizer Text => text;
        public NgramFeaturizer? Lead => lead;
        public bool Dense => dense;
        public CountryContext? Context => context;

        public int Dimension => text.Dimension + (lead?.Dimension ?? 0) + (dense ? TextPrep.DenseCount : 0) + (context is null ? 0 : CountryContext.Count);

        public IEnumerable<VectorRow> Vectors(IReadOnlyList<TextRow> rows, bool withLabels)
        {
            // Featurizing is per-row work done up front on every core; ML.NET then reads finished vectors.
            var vectors = new VBuffer<float>[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = rows.Count < 512 ? 1 : Environment.ProcessorCount }, () => (new List<int>(), new List<float>()), (i, _, buf) =>
            {
                vectors[i] = Vector(rows[i], buf.Item1, buf.Item2);
                return buf;
            }, _ => { });
            for (int i = 0; i < rows.Count; i++)
                yield return new VectorRow { Features = vectors[i], Label = withLabels ? rows[i].Label : "", Weight = rows[i].Weight };
        }

        public VBuffer<float> Vector(TextRow row, List<int> indices, List<float> values)
        {
            Fill(row, indices, values);
            return new VBuffer<float>(Math.Max(1, Dimension), values.Count, values.ToArray(), indices.ToArray());
        }

        /// <summary>The row's vector as sorted slot indices and values.</summary>
        public void Fill(TextRow row, List<int> indices, List<float> values)
        {
            indices.Clear(); values.Clear();
            text.Transform(row.Text, indices, values);
            if (lead is not null) lead.Transform(row.Lead, indices, values, text.Dimension);
            if (dense)
            {
                int at = text.Dimension + (lead?.Dimension ?? 0);
                for (int k = 0; k < TextPrep.DenseCount; k++) { indices.Add(at + k); values.Add(row.Dense[k]); }
            }
            if (context is not null)
            {
                int at = text.Dimension + (lead?.Dimension ?? 0) + (dense ? TextPrep.DenseCount : 0);
                var f = context.Features(row.Country);
                for (int k = 0; k < f.Length; k++) if (f[k] != 0) { indices.Add(at + k); values.Add(f[k]); }
            }
        }
    }

    /// <summary>Writes the featurizers into <c>{name}.ngrams</c> and the learner into <c>{name}.zip</c>.</summary>
    public void Save(ZipArchive zip, string name)
    {
        ModelBundle.Write(zip, name + ".zip", s => _ml.Model.Save(Model, InputSchema, s));
        ModelBundle.Write(zip, name + ".ngrams", s =>
        {
            using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(FormatMark);
            w.Write((int)Learner);
            _shell.Text.Write(w);
            w.Write(_shell.Lead is not null);
            _shell.Lead?.Write(w);
            w.Write(_shell.Dense);
            w.Write(_shell.Context is not null);
            _shell.Context?.Write(w);
            w.Write(_byPublisher.Count);
            foreach (var (publisher, linear) in _byPublisher.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.Write(publisher);
                linear.Write(w);
            }
        });
    }

    /// <summary>"RWN2": featurizers, the country context, the per-publisher heads. "RWN1" files (before them) still load.</summary>
    private const int FormatMark = 0x52574e32, FormatMarkV1 = 0x52574e31;

    public static TextHead Load(MLContext ml, ZipArchive zip, string name)
    {
        using var r = new BinaryReader(new MemoryStream(ModelBundle.ReadAll(zip, name + ".ngrams")));
        var mark = r.ReadInt32();
        if (mark != FormatMark && mark != FormatMarkV1) throw new InvalidDataException($"{name}.ngrams is not a RiskWatch featurizer");
        var learner = (TextLearner)r.ReadInt32();
        if (!Enum.IsDefined(learner)) throw new InvalidDataException($"{name}.ngrams names an unknown learner {(int)learner}");
        var text = NgramFeaturizer.Read(r);
        var lead = r.ReadBoolean() ? NgramFeaturizer.Read(r) : null;
        var dense = r.ReadBoolean();
        var context = mark == FormatMark && r.ReadBoolean() ? CountryContext.Read(r) : null;
        var model = ml.Model.Load(new MemoryStream(ModelBundle.ReadAll(zip, name + ".zip")), out var schema);
        var head = new TextHead(ml, learner, new Shell(text, lead, dense, context), model, schema);
        var expected = head.Dimension;
        if (schema[nameof(VectorRow.Features)].Type is not VectorDataViewType { Size: var size } || size != Math.Max(1, expected))
            throw new InvalidDataException($"{name}: the learner expects another vector width than its featurizer gives ({expected})");
        int publishers = mark == FormatMark ? r.ReadInt32() : 0;
        if (publishers is < 0 or > 1000) throw new InvalidDataException($"{name}.ngrams claims {publishers} publisher heads");
        for (int i = 0; i < publishers; i++)
        {
            var publisher = r.ReadString();
            head._byPublisher[publisher] = Linear.Read(r, expected, head.Classes.Count);
        }
        if (publishers > 0 && head._linear is null) throw new InvalidDataException($"{name}: publisher heads beside a model that is not linear");
        return head;
    }
}

/// <summary>Feature selection by mutual information between a slot's presence and the class.</summary>
internal static class MutualInformation
{
    /// <summary>The <paramref name="count"/> slots of text (0…) and lead (after the text's) with most mutual information with the label.</summary>
    public static List<int> Top(IReadOnlyList<TextRow> rows, NgramFeaturizer text, NgramFeaturizer lead, int count)
    {
        var classes = rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var classIx = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        int k = classes.Count, dim = text.Dimension + lead.Dimension;
        var joint = new int[dim * k];
        var perClass = new int[k];
        var indices = new List<int>(); var values = new List<float>();
        foreach (var row in rows)
        {
            int y = classIx[row.Label];
            perClass[y]++;
            indices.Clear(); values.Clear();
            text.Transform(row.Text, indices, values);
            lead.Transform(row.Lead, indices, values, text.Dimension);
            foreach (var s in indices) joint[s * k + y]++;
        }
        double n = rows.Count;
        var mi = new double[dim];
        for (int s = 0; s < dim; s++)
        {
            int present = 0;
            for (int y = 0; y < k; y++) present += joint[s * k + y];
            double sum = 0;
            for (int y = 0; y < k; y++)
            {
                double py = perClass[y] / n;
                int on = joint[s * k + y], off = perClass[y] - on;
                if (on > 0) sum += on / n * Math.Log(on / n / (present / n * py));
                if (off > 0) sum += off / n * Math.Log(off / n / ((n - present) / n * py));
            }
            mi[s] = sum;
        }
        return Enumerable.Range(0, dim).OrderByDescending(s => mi[s]).ThenBy(s => s).Take(count).Order().ToList();
    }
}
