using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace RiskWatch.Web.Reports;

/// <summary>Thrown when a PDF is asked for and no font with Chinese glyphs can be found on the machine.</summary>
public sealed class CjkFontNotFoundException(string message) : Exception(message);

/// <summary>
/// A font file with Chinese glyphs, found at run time. PDFsharp reads single-face TrueType only, so a face of a
/// .ttc collection is copied out into a standalone font (<see cref="FaceBytes"/>).
/// </summary>
internal sealed class CjkFont
{
    /// <summary>Known places, best first. WenQuanYi Zen Hei has TrueType outlines, so PDFsharp embeds a small subset;
    /// Noto CJK has CFF outlines, which PDFsharp embeds whole (a 13 MB PDF), so it comes last.</summary>
    internal static readonly string[] KnownPaths =
    [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        @"C:\Windows\Fonts\simhei.ttf",
        @"C:\Windows\Fonts\msyh.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    ];

    public const string InstallHint =
        "No font with Chinese glyphs was found, so a PDF briefing cannot be made. Install one (Debian/Ubuntu: `apt-get install -y fonts-wqy-zenhei`) " +
        "or point RiskWatch:Reports:CjkFontPath at a .ttf/.ttc file with Chinese glyphs.";

    private static readonly ConcurrentDictionary<string, Lazy<CjkFont?>> Found = new();
    private readonly Lazy<byte[]> _face;

    private CjkFont(string path, int faceIndex)
    {
        Path = path;
        FaceIndex = faceIndex;
        _face = new Lazy<byte[]>(() => ExtractFace(File.ReadAllBytes(path), faceIndex));
    }

    public string Path { get; }
    public int FaceIndex { get; }

    /// <summary>The face as a standalone TrueType/OpenType font, read once and kept (about 11 MB for WenQuanYi Zen Hei).</summary>
    public byte[] FaceBytes => _face.Value;

    /// <summary>The configured file when given (it must exist), else the first known path, else what fontconfig lists for zh-cn; null when there is none.</summary>
    public static CjkFont? Find(string? configuredPath = null) =>
        Found.GetOrAdd(configuredPath ?? "", key => new Lazy<CjkFont?>(() => Discover(key.Length == 0 ? null : key))).Value;

    public static CjkFont Require(string? configuredPath = null) =>
        Find(configuredPath) ?? throw new CjkFontNotFoundException(configuredPath is null ? InstallHint : $"The configured CJK font '{configuredPath}' does not exist. " + InstallHint);

    private static CjkFont? Discover(string? configuredPath)
    {
        if (configuredPath is not null)
            return File.Exists(configuredPath) ? new CjkFont(configuredPath, 0) : null;
        foreach (var path in KnownPaths)
            if (File.Exists(path)) return new CjkFont(path, 0);
        return FromFontconfig();
    }

    /// <summary>Asks fontconfig for fonts that cover Simplified Chinese; fc-match is not used because it always answers, even with a Latin font.</summary>
    private static CjkFont? FromFontconfig()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("fc-list", ":lang=zh-cn file index")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(5000)) { p.Kill(); return null; }
            var candidates = new List<(string Path, int Index)>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // "/path/font.ttc: :index=0"
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon <= 0) continue;
                var path = line[..colon];
                var idx = line.IndexOf("index=", StringComparison.Ordinal);
                var index = idx >= 0 && int.TryParse(line[(idx + 6)..].Trim(), out var i) ? i : 0;
                if (path.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".otf", StringComparison.OrdinalIgnoreCase))
                    candidates.Add((path, index));
            }
            // TrueType-outline families first (small PDF subsets), then face 0 (the regular face of a collection).
            var best = candidates
                .OrderBy(c => c.Path.Contains("Noto", StringComparison.OrdinalIgnoreCase) || c.Path.Contains("Source", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
                .ThenBy(c => c.Index)
                .FirstOrDefault();
            return best.Path is null ? null : new CjkFont(best.Path, best.Index);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null; // no fontconfig on this machine
        }
    }

    /// <summary>
    /// Copies face <paramref name="index"/> out of a TrueType collection into a standalone font: the face's table
    /// directory with offsets rewritten, followed by its tables (4-byte aligned), and head.checkSumAdjustment recomputed.
    /// A plain .ttf/.otf is returned as it is.
    /// </summary>
    internal static byte[] ExtractFace(byte[] file, int index)
    {
        if (file.Length < 12) throw new InvalidDataException("Not a font file: too short.");
        if (BinaryPrimitives.ReadUInt32BigEndian(file) != 0x74746366) // 'ttcf'
            return index == 0 ? file : throw new InvalidDataException($"Face {index} asked for, but the file is a single font.");
        var numFonts = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(8));
        if (index < 0 || index >= numFonts) throw new InvalidDataException($"Face {index} asked for, the collection has {numFonts}.");
        var dir = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12 + 4 * index)));
        var numTables = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(dir + 4));
        var headerLength = 12 + 16 * numTables;
        if (dir + headerLength > file.Length) throw new InvalidDataException("Truncated table directory.");

        var tables = new (uint Tag, uint Checksum, int Offset, int Length)[numTables];
        long total = headerLength;
        for (var t = 0; t < numTables; t++)
        {
            var rec = file.AsSpan(dir + 12 + 16 * t);
            var tag = BinaryPrimitives.ReadUInt32BigEndian(rec);
            var sum = BinaryPrimitives.ReadUInt32BigEndian(rec[4..]);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(rec[8..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(rec[12..]);
            if (offset + (long)length > file.Length) throw new InvalidDataException("A table lies outside the file.");
            tables[t] = (tag, sum, (int)offset, (int)length);
            total += Align4(length);
        }

        var output = new byte[checked((int)total)];
        file.AsSpan(dir, 12).CopyTo(output); // sfnt version, numTables, searchRange, entrySelector, rangeShift
        var pos = headerLength;
        var headAt = -1;
        for (var t = 0; t < numTables; t++)
        {
            var (tag, sum, offset, length) = tables[t];
            var rec = output.AsSpan(12 + 16 * t);
            BinaryPrimitives.WriteUInt32BigEndian(rec, tag);
            BinaryPrimitives.WriteUInt32BigEndian(rec[4..], sum);
            BinaryPrimitives.WriteUInt32BigEndian(rec[8..], (uint)pos);
            BinaryPrimitives.WriteUInt32BigEndian(rec[12..], (uint)length);
            file.AsSpan(offset, length).CopyTo(output.AsSpan(pos));
            if (tag == 0x68656164) headAt = pos; // 'head'
            pos += (int)Align4((uint)length);
        }

        if (headAt >= 0 && headAt + 12 <= output.Length)
        {
            // checkSumAdjustment = 0xB1B0AFBA - sum of the whole font computed with the field at zero.
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(headAt + 8), 0);
            uint sum = 0;
            for (var i = 0; i + 4 <= output.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(i));
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(headAt + 8), 0xB1B0AFBA - sum);
        }
        return output;
    }

    private static long Align4(uint length) => (length + 3L) & ~3L;
}
