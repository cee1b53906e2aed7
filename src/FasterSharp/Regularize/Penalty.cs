namespace FasterSharp.Regularize;

/// <summary>The penalty a <see cref="RegularizeCallback"/> adds to the training loss, summed over the selected
/// layers' weights w (biases are not penalized).</summary>
public enum Penalty
{
    /// <summary>L1: Σ |w|. Pushes single weights to exactly zero (Tibshirani's lasso).</summary>
    L1,

    /// <summary>L2: Σ w². Shrinks every weight, none to zero (the penalty behind weight decay).</summary>
    L2,

    /// <summary>Group lasso: Σ over groups g of ‖w_g‖₂, the groups given by a granularity (e.g. one per filter).
    /// Pushes whole groups to zero together, which structured pruning can then remove (Wen et al. 2016,
    /// "Learning Structured Sparsity in Deep Neural Networks", arXiv:1608.03665).</summary>
    GroupLasso,
}
