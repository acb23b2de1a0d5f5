using System.Buffers.Binary;
using RiskWatch.Web.Reports;
using Xunit.Abstractions;

namespace RiskWatch.Web.Tests.Reports;

public sealed class CjkFontTests(ITestOutputHelper output)
{
    [Fact]
    public void ExtractFace_FromCollection_GivesStandaloneFontWithValidChecksum()
    {
        var font = CjkFont.Find();
        if (font is null || !ReportTestSupport.CjkFontInstalled(output)) return;
        var file = File.ReadAllBytes(font.Path);
        if (BinaryPrimitives.ReadUInt32BigEndian(file) != 0x74746366) { output.WriteLine($"{font.Path} is not a collection: nothing to extract."); return; }

        var face = CjkFont.ExtractFace(file, 0);

        var version = BinaryPrimitives.ReadUInt32BigEndian(face);
        Assert.True(version is 0x00010000 or 0x4F54544F, $"sfnt version {version:X8}");
        Assert.True(face.Length < file.Length);
        uint sum = 0;
        for (var i = 0; i + 4 <= face.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(face.AsSpan(i));
        Assert.Equal(0xB1B0AFBAu, sum); // what head.checkSumAdjustment guarantees for a whole font
    }

    [Fact]
    public void ExtractFace_PlainFontFile_IsReturnedAsIs()
    {
        var ttf = new byte[] { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        Assert.Same(ttf, CjkFont.ExtractFace(ttf, 0));
        Assert.Throws<InvalidDataException>(() => CjkFont.ExtractFace(ttf, 1));
    }

    [Fact]
    public void ExtractFace_TableOutsideFile_IsRejected()
    {
        var ttc = new byte[12 + 4 + 12 + 16];
        "ttcf"u8.CopyTo(ttc);
        BinaryPrimitives.WriteInt32BigEndian(ttc.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32BigEndian(ttc.AsSpan(12), 16);
        BinaryPrimitives.WriteUInt16BigEndian(ttc.AsSpan(16 + 4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(ttc.AsSpan(16 + 12 + 8), 1_000_000);
        BinaryPrimitives.WriteUInt32BigEndian(ttc.AsSpan(16 + 12 + 12), 100);

        Assert.Throws<InvalidDataException>(() => CjkFont.ExtractFace(ttc, 0));
    }
}
