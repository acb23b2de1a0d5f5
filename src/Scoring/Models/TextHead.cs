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

    private TextHead(MLContext ml, TextLearner learner, Shell shell, ITransformer model, DataViewSchema? inputSchema)
    {
        _ml = ml;
        Learner = learner;
        _shell = shell;
        _schema = Schema(Dimension);
        Model = model;
        InputSchema = inputSchema ?? ml.Data.LoadFromEnumerable(Array.Empty<VectorRow>(), _schema).Schema;
        var score = model.GetOutputSchema(InputSchema)["Score"];
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        Classes = names.DenseValues().Select(n => n.ToString()).ToArray();
        _linear = Linear.From(model, Dimension, Classes.Count);
    }

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
    public static TextHead Fit(TextLearner learner, IReadOnlyList<TextRow> rows)
    {
        var ml = new MLContext(seed: 1);
        NgramFeaturizer text;
        NgramFeaturizer? lead = null;
        bool selected = learner is TextLearner.Severity or TextLearner.SeverityLinear;
        bool dense = selected;
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
        var shell = new Shell(text, lead, dense);
        var data = ml.Data.LoadFromEnumerable(shell.Vectors(rows, withLabels: true), Schema(shell.Dimension));
        var model = Trainer(ml, learner).Fit(data);
        return new TextHead(ml, learner, shell, model, data.Schema);
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
        int best = 0;
        for (int c = 1; c < p.Length; c++) if (p[c] > p[best]) best = c;
        return (Classes[best], p);
    }

    /// <summary>Prediction through the ML.NET model itself (tree heads; and the reference the linear shortcut is tested against).</summary>
    internal (string Label, float[] Probabilities)[] PredictByTransform(IReadOnlyList<TextRow> rows)
    {
        if (rows.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(_shell.Vectors(rows, withLabels: false), _schema);
        var output = Model.Transform(data);
        return _ml.Data.CreateEnumerable<PredRow>(output, reuseRowObject: false).Select(r => (r.PredictedLabel, r.Score)).ToArray();
    }

    /// <summary>The featurizers alone: turns rows into vectors.</summary>
    private sealed class Shell(NgramFeaturizer text, NgramFeaturizer? lead, bool dense)
    {
        public NgramFeaturizer Text => text;
        public NgramFeaturizer? Lead => lead;
        public bool Dense => dense;

        public int Dimension => text.Dimension + (lead?.Dimension ?? 0) + (dense ? TextPrep.DenseCount : 0);

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
        });
    }

    private const int FormatMark = 0x52574e31; // "RWN1"

    public static TextHead Load(MLContext ml, ZipArchive zip, string name)
    {
        using var r = new BinaryReader(new MemoryStream(ModelBundle.ReadAll(zip, name + ".ngrams")));
        if (r.ReadInt32() != FormatMark) throw new InvalidDataException($"{name}.ngrams is not a RiskWatch featurizer");
        var learner = (TextLearner)r.ReadInt32();
        if (!Enum.IsDefined(learner)) throw new InvalidDataException($"{name}.ngrams names an unknown learner {(int)learner}");
        var text = NgramFeaturizer.Read(r);
        var lead = r.ReadBoolean() ? NgramFeaturizer.Read(r) : null;
        var dense = r.ReadBoolean();
        var model = ml.Model.Load(new MemoryStream(ModelBundle.ReadAll(zip, name + ".zip")), out var schema);
        var head = new TextHead(ml, learner, new Shell(text, lead, dense), model, schema);
        var expected = head.Dimension;
        if (schema[nameof(VectorRow.Features)].Type is not VectorDataViewType { Size: var size } || size != Math.Max(1, expected))
            throw new InvalidDataException($"{name}: the learner expects another vector width than its featurizer gives ({expected})");
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
