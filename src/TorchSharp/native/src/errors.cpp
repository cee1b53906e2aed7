#include "shim.h"

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
}  // namespace

namespace ts {
void set_error(const std::string& message) {
  last_error = message;
  has_error = true;
}
void clear_error() { has_error = false; }
at::Tensor* box(at::Tensor&& t) { return t.defined() ? new at::Tensor(std::move(t)) : nullptr; }
}  // namespace ts

// The message of the last failed call on this thread, or nullptr when the last call succeeded.
TS_EXPORT const char* ts_last_error() { return has_error ? last_error.c_str() : nullptr; }
