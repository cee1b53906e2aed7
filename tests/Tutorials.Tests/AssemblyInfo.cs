// Each notebook trains on the machine's 2 cores; running them one at a time keeps their timings honest
// and their memory bounded.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
