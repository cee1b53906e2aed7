using System.Text;
using Microsoft.DotNet.Interactive.Utility;

namespace NotebookRunner;

/// <summary>
/// Sends <c>Console.Out</c> and <c>Console.Error</c> straight into the running cell's outputs
/// (<see cref="OutputCollector.Write"/>, which applies the output limit as text arrives) while a notebook runs,
/// from any thread; the previous writers come back on dispose.
/// </summary>
/// <remarks>
/// The kernel's own console capture keeps everything a cell writes: a <c>StringWriter</c> per cell plus one event
/// per write, held by the command's result until the cell ends, so a cell printing 60 MB took the runner past
/// 1.7 GB whatever the runner stored. The kernel swaps its capture in when the first command starts and out when the
/// last one ends (<see cref="ConsoleOutput.Subscribe"/> counts subscribers); holding one subscription for the whole
/// notebook keeps it from swapping, so the writers set here stay in place and the kernel's capture receives nothing.
/// </remarks>
internal sealed class ConsoleCapture : IDisposable
{
    private readonly TextWriter _previousOut = Console.Out;
    private readonly TextWriter _previousError = Console.Error;
    private readonly IDisposable _kernelCapture;
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    /// <summary>Starts capturing into <paramref name="outputs"/>.</summary>
    /// <param name="outputs">Receives the text.</param>
    public ConsoleCapture(OutputCollector outputs)
    {
        // On a pool thread, so the async-context id the kernel's capture sets for its subscriber does not flow into
        // this thread and from there into the kernel's commands.
        _kernelCapture = Task.Run(() => ConsoleOutput.Subscribe(_ => System.Reactive.Disposables.Disposable.Empty)).GetAwaiter().GetResult();
        _out = new CellWriter(outputs, "stdout");
        _error = new CellWriter(outputs, "stderr");
        Reattach();
    }

    /// <summary>Puts the capturing writers back in place, in case an earlier cell replaced them
    /// (<c>Console.SetOut</c>) and did not restore them; call before each cell.</summary>
    public void Reattach()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    /// <summary>Restores the writers that were in place before.</summary>
    public void Dispose()
    {
        _kernelCapture.Dispose();
        Console.SetOut(_previousOut);
        Console.SetError(_previousError);
    }

    // Every TextWriter method ends in Write(char) or Write(char[], int, int) unless overridden; string and span
    // writes are overridden so that a line is one call, not one per character.
    private sealed class CellWriter(OutputCollector outputs, string name) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => outputs.Write(name, [value]);

        public override void Write(char[] buffer, int index, int count) => outputs.Write(name, buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => outputs.Write(name, buffer);

        public override void Write(string? value) => outputs.Write(name, value);

        public override void WriteLine(string? value) => outputs.Write(name, string.Concat(value, NewLine));

        public override void WriteLine(ReadOnlySpan<char> buffer) => outputs.Write(name, string.Concat(buffer, NewLine));
    }
}
