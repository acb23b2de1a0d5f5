using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace RiskWatch.Scoring.Models;

/// <summary>An input row of the text models.</summary>
internal sealed class TextRow
{
    public string Text { get; set; } = "";
    /// <summary>The opening of the body: where advisories say what the situation is.</summary>
    public string Lead { get; set; } = "";
    /// <summary>Length features (log characters, ideographs, words, sentences) of the masked body.</summary>
    [VectorType(TextPrep.DenseCount)] public float[] Dense { get; set; } = new float[TextPrep.DenseCount];
    public string Label { get; set; } = "";
    public float Weight { get; set; } = 1f;
}

/// <summary>An output row of the text models.</summary>
internal sealed class PredRow
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}

/// <summary>What is written beside the two models inside model.zip.</summary>
internal sealed record ModelInfo(string Version, DateTimeOffset Trained, int SeverityItems, int CategoryItems, bool Masked, int MaxChars, string Trainer);

/// <summary>
/// The severity and the category model as one unit, saved as one model.zip (two ML.NET zips and info.json inside),
/// so a half-written or corrupt file is rejected as a whole. Prediction transforms a batch as one IDataView: the
/// transformers are thread-safe that way, no PredictionEngine pool is needed.
/// </summary>
internal sealed class ModelBundle
{
    private readonly MLContext _ml;
    private readonly string[] _severityClasses;
    private readonly string[] _categoryClasses;

    public ITransformer Severity { get; }
    public ITransformer Category { get; }
    public ModelInfo Info { get; }

    public ModelBundle(MLContext ml, ITransformer severity, DataViewSchema severitySchema, ITransformer category, DataViewSchema categorySchema, ModelInfo info)
    {
        _ml = ml;
        Severity = severity;
        Category = category;
        Info = info;
        SeveritySchema = severitySchema;
        CategorySchema = categorySchema;
        _severityClasses = ClassNames(ml, severity, severitySchema);
        _categoryClasses = ClassNames(ml, category, categorySchema);
    }

    public DataViewSchema SeveritySchema { get; }
    public DataViewSchema CategorySchema { get; }
    public IReadOnlyList<string> SeverityClasses => _severityClasses;
    public IReadOnlyList<string> CategoryClasses => _categoryClasses;

    /// <summary>The class order of the Score vector, read from its slot names.</summary>
    private static string[] ClassNames(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        var outSchema = model.GetOutputSchema(inputSchema);
        var score = outSchema["Score"];
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    public (string Label, float[] Probabilities)[] PredictSeverity(IReadOnlyList<TextRow> rows) => Predict(Severity, rows);
    public (string Label, float[] Probabilities)[] PredictCategory(IReadOnlyList<TextRow> rows) => Predict(Category, rows);

    private (string, float[])[] Predict(ITransformer model, IReadOnlyList<TextRow> rows)
    {
        if (rows.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(rows);
        var output = model.Transform(data);
        return _ml.Data.CreateEnumerable<PredRow>(output, reuseRowObject: false).Select(r => (r.PredictedLabel, r.Score)).ToArray();
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp))
        using (var zip = new ZipArchive(fs, ZipArchiveMode.Create))
        {
            Write(zip, "severity.zip", s => _ml.Model.Save(Severity, SeveritySchema, s));
            Write(zip, "category.zip", s => _ml.Model.Save(Category, CategorySchema, s));
            Write(zip, "info.json", s => JsonSerializer.Serialize(s, Info, JsonOpts.Indented));
        }
        File.Move(tmp, path, overwrite: true);
    }

    private static void Write(ZipArchive zip, string name, Action<Stream> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var s = entry.Open();
        using var buffer = new MemoryStream();
        write(buffer);
        buffer.Position = 0;
        buffer.CopyTo(s);
    }

    /// <summary>Loads model.zip (or a folder holding it). Throws <see cref="InvalidDataException"/> with the reason when the file is not a model.</summary>
    public static ModelBundle Load(MLContext ml, string pathOrFolder)
    {
        var path = Directory.Exists(pathOrFolder) ? Path.Combine(pathOrFolder, "model.zip") : pathOrFolder;
        if (!File.Exists(path)) throw new FileNotFoundException($"No model file at {path}", path);
        try
        {
            using var fs = File.OpenRead(path);
            using var zip = new ZipArchive(fs, ZipArchiveMode.Read);
            var info = JsonSerializer.Deserialize<ModelInfo>(ReadAll(zip, "info.json"), JsonOpts.Indented)
                ?? throw new InvalidDataException("info.json is empty");
            var sev = ml.Model.Load(new MemoryStream(ReadAll(zip, "severity.zip")), out var sevSchema);
            var cat = ml.Model.Load(new MemoryStream(ReadAll(zip, "category.zip")), out var catSchema);
            return new ModelBundle(ml, sev, sevSchema, cat, catSchema, info);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path} is not a usable RiskWatch model: {ex.Message}", ex);
        }
    }

    private static byte[] ReadAll(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"entry {name} is missing");
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}

internal static class JsonOpts
{
    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
