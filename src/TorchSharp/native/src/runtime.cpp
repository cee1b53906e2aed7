// Process-wide settings: gradient mode, random seed, threads.
#include <ATen/Parallel.h>

#include "shim.h"

TS_EXPORT int32_t ts_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }

TS_EXPORT void ts_set_grad_enabled(int32_t enabled) { at::GradMode::set_enabled(enabled != 0); }

TS_EXPORT int32_t ts_manual_seed(int64_t seed) {
  TS_GUARD(-1, {
    at::manual_seed(static_cast<uint64_t>(seed));
    return 0;
  })
}

TS_EXPORT int32_t ts_set_num_threads(int32_t n) {
  TS_GUARD(-1, {
    TS_REQUIRE(n > 0, "number of threads must be positive, got " + std::to_string(n));
    at::set_num_threads(n);
    return 0;
  })
}

TS_EXPORT int32_t ts_get_num_threads() { TS_GUARD(-1, { return at::get_num_threads(); }) }

TS_EXPORT int32_t ts_set_num_interop_threads(int32_t n) {
  TS_GUARD(-1, {
    TS_REQUIRE(n > 0, "number of threads must be positive, got " + std::to_string(n));
    at::set_num_interop_threads(n);
    return 0;
  })
}

TS_EXPORT int32_t ts_get_num_interop_threads() { TS_GUARD(-1, { return at::get_num_interop_threads(); }) }
