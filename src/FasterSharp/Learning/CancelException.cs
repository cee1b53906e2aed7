namespace FasterSharp.Learning;

/// <summary>Thrown by a callback to cancel part of the training loop; the loop catches it, runs the
/// matching After… event and goes on.</summary>
public abstract class CancelException : Exception
{
    /// <summary>Creates the exception with an optional reason.</summary>
    protected CancelException(string? reason) : base(reason ?? "cancelled by a callback") { }
}

/// <summary>Skips the rest of the current batch (AfterBatch still runs).</summary>
public sealed class CancelBatchException(string? reason = null) : CancelException(reason);

/// <summary>Ends the training phase of the current epoch early (validation still runs).</summary>
public sealed class CancelTrainException(string? reason = null) : CancelException(reason);

/// <summary>Ends the validation phase early.</summary>
public sealed class CancelValidException(string? reason = null) : CancelException(reason);

/// <summary>Ends the current epoch (AfterEpoch still runs).</summary>
public sealed class CancelEpochException(string? reason = null) : CancelException(reason);

/// <summary>Ends the fit (AfterFit still runs).</summary>
public sealed class CancelFitException(string? reason = null) : CancelException(reason);
