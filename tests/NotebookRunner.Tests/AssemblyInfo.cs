// The runner redirects the process-wide console and environment while a notebook runs; notebooks are
// run one at a time anyway, so the tests do not compete for that lock.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
