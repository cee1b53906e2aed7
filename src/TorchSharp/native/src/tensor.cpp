// Tensor exports that are not operators: lifetime, creation from managed memory, metadata, raw data,
// and autograd state.
#include <torch/csrc/autograd/autograd.h>

#include "shim.h"

namespace {
const at::Tensor& deref(void* t) {
  TS_REQUIRE(t != nullptr, "tensor handle is null");
  return *static_cast<at::Tensor*>(t);
}
}  // namespace

TS_EXPORT void ts_tensor_free(void* t) { delete static_cast<at::Tensor*>(t); }

// Copies `nbytes` from `data` into a new CPU tensor of the given shape and dtype.
TS_EXPORT void* ts_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int32_t ndim,
                                    int32_t dtype) {
  TS_GUARD(nullptr, {
    TS_REQUIRE(ndim >= 0 && (ndim == 0 || shape != nullptr), "invalid shape");
    auto options = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
    auto t = at::empty(at::IntArrayRef(shape, ndim), options);
    int64_t expected = t.numel() * static_cast<int64_t>(t.element_size());
    TS_REQUIRE(expected == nbytes, "data has " + std::to_string(nbytes) + " bytes, the shape needs " +
                                       std::to_string(expected));
    if (nbytes > 0) {
      TS_REQUIRE(data != nullptr, "data is null");
      std::memcpy(t.data_ptr(), data, nbytes);
    }
    return ts::box(std::move(t));
  })
}

TS_EXPORT int32_t ts_tensor_ndim(void* t) { TS_GUARD(-1, { return static_cast<int32_t>(deref(t).dim()); }) }

// Writes dim() sizes into `out`; returns the rank or -1.
TS_EXPORT int32_t ts_tensor_shape(void* t, int64_t* out, int32_t capacity) {
  TS_GUARD(-1, {
    const auto& x = deref(t);
    TS_REQUIRE(x.dim() <= capacity, "shape buffer too small");
    for (int64_t k = 0; k < x.dim(); ++k) out[k] = x.size(k);
    return static_cast<int32_t>(x.dim());
  })
}

TS_EXPORT int32_t ts_tensor_dtype(void* t) {
  TS_GUARD(-1, { return static_cast<int32_t>(deref(t).scalar_type()); })
}

TS_EXPORT int64_t ts_tensor_numel(void* t) { TS_GUARD(-1, { return deref(t).numel(); }) }

// Device type and index packed as type * 1000 + (index + 1); -1 on error.
TS_EXPORT int32_t ts_tensor_device(void* t) {
  TS_GUARD(-1, {
    auto d = deref(t).device();
    return static_cast<int32_t>(d.type()) * 1000 + (d.index() + 1);
  })
}

// Copies the tensor's elements (in logical, row-major order) into `out`, which holds `nbytes`.
TS_EXPORT int32_t ts_tensor_read(void* t, void* out, int64_t nbytes) {
  TS_GUARD(-1, {
    auto x = deref(t).detach().to(at::kCPU).contiguous();
    int64_t have = x.numel() * static_cast<int64_t>(x.element_size());
    TS_REQUIRE(have == nbytes, "buffer has " + std::to_string(nbytes) + " bytes, tensor has " + std::to_string(have));
    if (nbytes > 0) std::memcpy(out, x.data_ptr(), nbytes);
    return 0;
  })
}

// Overwrites the tensor's elements from `data` (logical, row-major order), without autograd tracking.
TS_EXPORT int32_t ts_tensor_write(void* t, const void* data, int64_t nbytes) {
  TS_GUARD(-1, {
    const auto& x = deref(t);
    int64_t have = x.numel() * static_cast<int64_t>(x.element_size());
    TS_REQUIRE(have == nbytes, "data has " + std::to_string(nbytes) + " bytes, tensor has " + std::to_string(have));
    at::NoGradGuard no_grad;
    auto src = at::empty(x.sizes(), x.options().device(at::kCPU));
    if (nbytes > 0) std::memcpy(src.data_ptr(), data, nbytes);
    const_cast<at::Tensor&>(x).copy_(src);
    return 0;
  })
}

// The address of the first element when the tensor is a contiguous CPU tensor, else nullptr.
TS_EXPORT void* ts_tensor_data_ptr(void* t) {
  TS_GUARD(nullptr, {
    const auto& x = deref(t);
    TS_REQUIRE(x.device().is_cpu(), "tensor is not on the CPU");
    TS_REQUIRE(x.is_contiguous(), "tensor is not contiguous");
    return x.data_ptr();
  })
}

TS_EXPORT int32_t ts_tensor_requires_grad(void* t) {
  TS_GUARD(-1, { return deref(t).requires_grad() ? 1 : 0; })
}

TS_EXPORT int32_t ts_tensor_set_requires_grad(void* t, int32_t value) {
  TS_GUARD(-1, {
    const_cast<at::Tensor&>(deref(t)).set_requires_grad(value != 0);
    return 0;
  })
}

TS_EXPORT int32_t ts_tensor_is_leaf(void* t) { TS_GUARD(-1, { return deref(t).is_leaf() ? 1 : 0; }) }

// The accumulated gradient, or nullptr when there is none (check ts_last_error to tell the two apart).
TS_EXPORT void* ts_tensor_grad(void* t) {
  TS_GUARD(nullptr, {
    auto g = deref(t).grad();
    return ts::box(std::move(g));
  })
}

// Sets (or, with grad == nullptr, clears) the accumulated gradient.
TS_EXPORT int32_t ts_tensor_set_grad(void* t, void* grad) {
  TS_GUARD(-1, {
    auto& x = const_cast<at::Tensor&>(deref(t));
    if (grad == nullptr) x.mutable_grad() = at::Tensor();
    else x.mutable_grad() = *static_cast<at::Tensor*>(grad);
    return 0;
  })
}

TS_EXPORT int32_t ts_tensor_backward(void* t, void* grad, int32_t retain_graph, int32_t create_graph) {
  TS_GUARD(-1, {
    const auto& x = deref(t);
    at::Tensor g = grad == nullptr ? at::Tensor() : *static_cast<at::Tensor*>(grad);
    c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
    torch::autograd::backward({x}, {g}, retain, create_graph != 0);
    return 0;
  })
}

// A new handle sharing the same tensor (for parameters that alias a tensor).
TS_EXPORT void* ts_tensor_alias(void* t) {
  TS_GUARD(nullptr, { return new at::Tensor(deref(t)); })
}

// True when both handles refer to the same underlying TensorImpl.
TS_EXPORT int32_t ts_tensor_same(void* a, void* b) {
  TS_GUARD(-1, { return deref(a).is_same(deref(b)) ? 1 : 0; })
}
