using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskWatch.Scoring;

namespace RiskWatch.Scoring.Tests;

/// <summary>One classifier trained from the seed corpus into a temp models folder, shared by the tests of a class.</summary>
public sealed class ClassifierFixture : IDisposable
{
    public string ModelsDir { get; } = Some.TempDir();
    public MlItemClassifier Classifier { get; }

    public ClassifierFixture()
    {
        Classifier = New(ModelsDir);
        _ = Classifier.ModelVersion; // trains the seed model now
    }

    public static MlItemClassifier New(string modelsDir) =>
        new(Options.Create(new ScoringOptions { ModelsDirectory = modelsDir }), TimeProvider.System, NullLogger<MlItemClassifier>.Instance);

    public void Dispose()
    {
        try { Directory.Delete(ModelsDir, recursive: true); } catch (IOException) { }
    }
}
