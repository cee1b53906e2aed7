using FasterSharp.Data;

namespace FasterSharp.Tests.Data;

public class Cifar10Tests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cifar-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteRecords(string name, params byte[] labels)
    {
        var path = Path.Combine(_dir, name);
        var bytes = new List<byte>();
        foreach (var label in labels)
        {
            bytes.Add(label);
            bytes.AddRange(Enumerable.Range(0, 3072).Select(i => (byte)((i + label) % 251)));
        }
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    [Fact]
    public void ReadsRecordsFromSeveralBatchFilesInOrder()
    {
        var ds = Cifar10.Load(WriteRecords("a.bin", 3, 7), WriteRecords("b.bin", 0));
        Assert.Equal(new long[] { 3, 7, 0 }, ds.Labels);
        Assert.Equal((3, 32, 32), (ds.Channels, ds.Height, ds.Width));
        // Red plane first: pixel (channel 1, row 0, col 5) of image 1 is byte 1 + 1024 + 5 of its record.
        Assert.Equal((byte)((1024 + 5 + 7) % 251), ds.Pixels[3072 + 1024 + 5]);
        Assert.Equal("cat", ds.ClassNames[3]);
    }

    [Fact]
    public void WrongSizeAndBadLabelsAreErrorsThatNameTheFile()
    {
        var path = WriteRecords("short.bin", 1);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..3000]);
        var e = Assert.Throws<InvalidDataFileException>(() => Cifar10.Load(path));
        Assert.Contains("short.bin", e.Message);
        Assert.Contains("multiple of 3073", e.Message);

        var bad = WriteRecords("label.bin", 2, 12);
        Assert.Contains("label 12 in record 1", Assert.Throws<InvalidDataFileException>(() => Cifar10.Load(bad)).Message);
        Assert.Throws<ArgumentException>(() => Cifar10.Load());
    }

    [Fact]
    public void NullOrBlankPathsAreArgumentErrorsNamingTheirPosition()
    {
        var good = WriteRecords("ok.bin", 1);
        Assert.Contains("paths[1] is null", Assert.Throws<ArgumentNullException>(() => Cifar10.Load(good, null!)).Message);
        Assert.Contains("paths[0] is empty or white space", Assert.Throws<ArgumentException>(() => Cifar10.Load("")).Message);
        var e = Assert.Throws<InvalidDataFileException>(() => Cifar10.Load(good, _dir));
        Assert.Equal(_dir, e.FilePath);
        Assert.Contains("is a directory", e.Message);
        Assert.Contains("missing.bin: file not found", Assert.Throws<InvalidDataFileException>(() => Cifar10.Load(Path.Combine(_dir, "missing.bin"))).Message);
    }
}
