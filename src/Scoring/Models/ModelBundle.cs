using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;

namespace RiskWatch.Scoring.Models;

/// <summary>A text as the models see it (see <see cref="TextPrep.Row"/>).</summary>
internal sealed class TextRow
{
    public string Text { get; set; } = "";
    /// <summary>The opening of the body: where advisories say what the situation is.</summary>
    public string Lead { get; set; } = "";
    /// <summary>Length features (log characters, ideographs, words, sentences) of the masked body.</summary>
    public float[] Dense { get; set; } = new float[TextPrep.DenseCount];
    public string Label { get; set; } = "";
    public float Weight { get; set; } = 1f;
    /// <summary>The country the text is about (ISO-2), for the severity head's country context; null when none.</summary>
    public string? Country { get; set; }
    /// <summary>The source that published the text, for a per-publisher head; null when unknown.</summary>
    public string? Source { get; set; }
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
/// The severity and the category head as one unit, saved as one model.zip (each head's featurizer and ML.NET model, and
/// info.json), so a half-written or corrupt file is rejected as a whole.
/// </summary>
internal sealed class ModelBundle(TextHead severity, TextHead category, ModelInfo info)
{
    public TextHead Severity { get; } = severity;
    public TextHead Category { get; } = category;
    public ModelInfo Info { get; } = info;
    public IReadOnlyList<string> SeverityClasses => Severity.Classes;
    public IReadOnlyList<string> CategoryClasses => Category.Classes;

    public (string Label, float[] Probabilities)[] PredictSeverity(IReadOnlyList<TextRow> rows) => Severity.Predict(rows);
    public (string Label, float[] Probabilities)[] PredictCategory(IReadOnlyList<TextRow> rows) => Category.Predict(rows);

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp))
        using (var zip = new ZipArchive(fs, ZipArchiveMode.Create))
        {
            Severity.Save(zip, "severity");
            Category.Save(zip, "category");
            Write(zip, "info.json", s => JsonSerializer.Serialize(s, Info, JsonOpts.Indented));
        }
        File.Move(tmp, path, overwrite: true);
    }

    internal static void Write(ZipArchive zip, string name, Action<Stream> write)
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
            if (zip.GetEntry("severity.ngrams") is null && zip.GetEntry("severity.zip") is not null)
                throw new OutdatedModelException(info.Version, $"model {info.Version} was made by an earlier RiskWatch (ML.NET text featurization); run `train` again");
            return new ModelBundle(TextHead.Load(ml, zip, "severity"), TextHead.Load(ml, zip, "category"), info);
        }
        catch (OutdatedModelException) { throw; }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path} is not a usable RiskWatch model: {ex.Message}", ex);
        }
    }

    internal static byte[] ReadAll(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"entry {name} is missing");
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}

/// <summary>A model file in the format of an earlier version: readable enough to name its version, not usable.</summary>
internal sealed class OutdatedModelException(string version, string message) : IOException(message)
{
    public string Version { get; } = version;
}

internal static class JsonOpts
{
    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
