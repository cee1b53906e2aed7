using System.IO.Compression;
using FasterSharp.Data;

namespace FasterSharp.Tests.Data;

public class IdxFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("idx-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = Path.Combine(_dir, name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Idx(byte rank, int[] dims, int dataBytes)
    {
        var bytes = new List<byte> { 0, 0, 8, rank };
        foreach (var d in dims) bytes.AddRange(BitConverter.GetBytes(d).Reverse());
        bytes.AddRange(Enumerable.Range(0, dataBytes).Select(i => (byte)i));
        return bytes.ToArray();
    }

    [Fact]
    public void ReadsPlainAndGzippedFilesWithBigEndianDimensions()
    {
        foreach (var gzip in new[] { false, true })
        {
            var path = Write(gzip ? "ok.gz" : "ok", Idx(3, [2, 3, 4], 24), gzip);
            var (dims, data) = IdxFile.ReadBytes(path, 3);
            Assert.Equal(new[] { 2, 3, 4 }, dims);
            Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)i), data);
        }
    }

    [Fact]
    public void BadMagicNumberNamesTheFileAndTheExpectedValue()
    {
        var bytes = Idx(3, [2, 3, 4], 24);
        bytes[2] = 0x0D; // float data
        var path = Write("bad-magic", bytes);
        var e = Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(path, 3));
        Assert.Contains(path, e.Message);
        Assert.Contains("bad magic number 0x00000D03", e.Message);
    }

    [Fact]
    public void TruncatedDataSaysHowManyBytesWereExpectedAndFound()
    {
        var path = Write("short.gz", Idx(3, [2, 3, 4], 20), gzip: true);
        var e = Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(path, 3));
        Assert.Contains("expected 24 bytes of data, got 20", e.Message);
    }

    [Fact]
    public void TruncatedHeaderWrongRankMissingFileAndNotGzipAreErrors()
    {
        Assert.Contains("ends before dimension 1",
            Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(Write("hdr", Idx(3, [2, 3, 4], 24)[..9]), 3)).Message);
        Assert.Contains("has 1 dimensions, expected 3",
            Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(Write("rank", Idx(1, [5], 5)), 3)).Message);
        Assert.Contains("file not found",
            Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(Path.Combine(_dir, "missing"), 1)).Message);
        Assert.Contains("not a valid gzip file",
            Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(Write("plain.gz", Idx(1, [5], 5)), 1)).Message);
    }

    [Fact]
    public void FashionMnistFromAnotherFolderChecksThatLabelsMatchImages()
    {
        Write("train-images-idx3-ubyte", Idx(3, [3, 2, 2], 12));
        Write("train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 2, 1, 9]);
        var e = Assert.Throws<InvalidDataFileException>(() => FashionMnist.Load(train: true, _dir));
        Assert.Contains("has 2 labels but", e.Message);

        Write("train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 3, 1, 9, 4]);
        var ds = FashionMnist.Load(train: true, _dir);
        Assert.Equal(3, ds.Count);
        Assert.Equal(new long[] { 1, 9, 4 }, ds.Labels);
        Assert.Equal((1, 2, 2), (ds.Channels, ds.Height, ds.Width));
    }

    [Theory]
    [InlineData(new[] { 1 << 30, 1 << 30, 16 })]
    [InlineData(new[] { int.MaxValue, int.MaxValue, int.MaxValue })]
    [InlineData(new[] { 65536, 65536, 65536, 65536 })]
    public void DimensionsWhoseProductOverflowsAreAnErrorNamingTheFile(int[] dims)
    {
        var path = Write("huge", Idx((byte)dims.Length, dims, 24));
        var e = Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(path, dims.Length));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("the most one .NET array holds", e.Message);

        // Through Fashion-MNIST: an error naming the file, not a dataset of 0-pixel images.
        var folder = Path.Combine(_dir, "fm");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), Idx(3, [1 << 30, 1 << 30, 16], 0));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 0]);
        Assert.Contains("train-images-idx3-ubyte", Assert.Throws<InvalidDataFileException>(() => FashionMnist.Load(train: true, folder)).Message);
    }

    [Fact]
    public void BytesAfterTheDataAndHugeClaimsAreErrors()
    {
        var good = Idx(3, [2, 3, 4], 24);
        Assert.Contains("has 1 bytes after the 24 bytes of data", Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(Write("extra", [.. good, 0]), 3)).Message);
        Assert.Contains("has bytes after the 24 bytes of data", Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(Write("extra.gz", [.. good, 0, 0], gzip: true), 3)).Message);
        // A gzipped header claiming 2 GB with 24 bytes of data fails as truncated, without allocating the claim first.
        Assert.Contains("expected 2000000000 bytes of data, got 24",
            Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(Write("claim.gz", Idx(3, [50_000, 1_000, 40], 24), gzip: true), 3)).Message);
    }

    [Fact]
    public void BlankPathsAndDirectoriesAreClearErrors()
    {
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => IdxFile.ReadBytes("", 1)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => IdxFile.ReadBytes("  ", 1)).ParamName);
        Assert.Contains("is a directory", Assert.Throws<InvalidDataFileException>(() => IdxFile.ReadBytes(_dir, 1)).Message);
    }
}
