// Shared declarations of the shim. Every exported function catches every C++ exception and
// reports it through a thread-local error (errors.cpp); nothing throws across the C boundary.
#pragma once

#include <ATen/ATen.h>
#include <cstdint>
#include <string>

#define TS_EXPORT extern "C" __attribute__((visibility("default")))

namespace ts {
void set_error(const std::string& message);
void clear_error();
at::Tensor* box(at::Tensor&& t);  // moves a tensor to the heap; an undefined tensor becomes nullptr
}  // namespace ts

// Wraps the body of an export: any exception becomes the thread-local error, and `fallback` is returned.
#define TS_GUARD(fallback, ...)                                        \
  ts::clear_error();                                                      \
  try {                                                                   \
    __VA_ARGS__                                                            \
  } catch (const c10::Error& e) {                                         \
    ts::set_error(e.what_without_backtrace());                            \
  } catch (const std::exception& e) {                                     \
    ts::set_error(e.what());                                              \
  } catch (...) {                                                         \
    ts::set_error("unknown native error");                                \
  }                                                                       \
  return fallback;

#define TS_REQUIRE(cond, msg) \
  if (!(cond)) throw std::invalid_argument(msg);
