// LibTorch's random generator, grad mode and the live-tensor count are process-wide: tests that seed,
// time or count would disturb each other if classes ran in parallel. The whole assembly runs serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
