// The generic operator call: any ATen operator by schema name, arguments encoded in flat arrays,
// checked and completed with defaults against the operator's schema, called through the dispatcher
// (so autograd, no_grad and every backend apply as in PyTorch).
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>

#include "shim.h"

namespace {

// Argument kinds; the managed encoder (TorchSharp/Native/OpCall.cs) uses the same numbers.
enum ArgKind : int32_t {
  kNone = 0,
  kTensor = 1,        // ptrs[p++]
  kInt = 2,           // ints[i++]
  kDouble = 3,        // doubles[d++]
  kBool = 4,          // ints[i++] != 0
  kIntList = 5,       // n = ints[i++], then n ints
  kTensorList = 6,    // n = ints[i++], then n ptrs
  kScalarInt = 7,     // ints[i++] as a Scalar
  kScalarDouble = 8,  // doubles[d++] as a Scalar
  kScalarBool = 9,    // ints[i++] as a boolean Scalar
  kDoubleList = 10,   // n = ints[i++], then n doubles
  kString = 11,       // ptrs[p++] is a NUL-terminated UTF-8 string
  kOptTensorList = 12,// n = ints[i++], then n ptrs, nullptr meaning None
  kDevice = 13,       // type = ints[i++], index = ints[i++]
};

const at::Tensor& tensor_at(void* const* ptrs, int64_t p) {
  auto* t = static_cast<at::Tensor*>(ptrs[p]);
  TS_REQUIRE(t != nullptr, "a tensor argument is null (disposed or never created)");
  return *t;
}

torch::jit::Stack decode(int32_t nargs, const int32_t* kinds, const int64_t* ints, const double* doubles,
                         void* const* ptrs) {
  torch::jit::Stack stack;
  stack.reserve(nargs + 4);
  int64_t i = 0, d = 0, p = 0;
  for (int32_t a = 0; a < nargs; ++a) {
    switch (kinds[a]) {
      case kNone: stack.emplace_back(); break;
      case kTensor: stack.emplace_back(tensor_at(ptrs, p++)); break;
      case kInt: stack.emplace_back(ints[i++]); break;
      case kDouble: stack.emplace_back(doubles[d++]); break;
      case kBool: stack.emplace_back(ints[i++] != 0); break;
      case kIntList: {
        int64_t n = ints[i++];
        std::vector<int64_t> v(ints + i, ints + i + n);
        i += n;
        stack.emplace_back(std::move(v));
        break;
      }
      case kTensorList: {
        int64_t n = ints[i++];
        c10::List<at::Tensor> v;
        v.reserve(n);
        for (int64_t k = 0; k < n; ++k) v.push_back(tensor_at(ptrs, p++));
        stack.emplace_back(std::move(v));
        break;
      }
      case kScalarInt: stack.emplace_back(at::Scalar(ints[i++])); break;
      case kScalarDouble: stack.emplace_back(at::Scalar(doubles[d++])); break;
      case kScalarBool: stack.emplace_back(at::Scalar(ints[i++] != 0)); break;
      case kDoubleList: {
        int64_t n = ints[i++];
        std::vector<double> v(doubles + d, doubles + d + n);
        d += n;
        stack.emplace_back(std::move(v));
        break;
      }
      case kString: {
        auto* s = static_cast<const char*>(ptrs[p++]);
        TS_REQUIRE(s != nullptr, "a string argument is null");
        stack.emplace_back(std::string(s));
        break;
      }
      case kOptTensorList: {
        int64_t n = ints[i++];
        c10::List<c10::optional<at::Tensor>> v;
        v.reserve(n);
        for (int64_t k = 0; k < n; ++k) {
          auto* t = static_cast<at::Tensor*>(ptrs[p++]);
          if (t == nullptr) v.push_back(c10::nullopt); else v.push_back(*t);
        }
        stack.emplace_back(std::move(v));
        break;
      }
      case kDevice: {
        auto type = static_cast<c10::DeviceType>(ints[i++]);
        auto index = static_cast<c10::DeviceIndex>(ints[i++]);
        stack.emplace_back(c10::Device(type, index));
        break;
      }
      default: throw std::invalid_argument("unknown argument kind " + std::to_string(kinds[a]));
    }
  }
  return stack;
}

// What a schema argument accepts, classified once per operator so that a call can check its arguments
// with cheap tag tests instead of FunctionSchema::checkAndNormalizeInputs, which builds a full type
// (sizes, strides) for every tensor argument. Anything not listed is checked the slow way.
enum class Expect : uint8_t { Tensor, Int, Double, Bool, Number, IntList, TensorList, Other };

struct ExpectedArg {
  Expect expect;
  bool optional;
};

struct OpInfo {
  c10::OperatorHandle handle;
  std::vector<ExpectedArg> args;
};

ExpectedArg classify(const c10::TypePtr& declared) {
  bool optional = false;
  c10::TypePtr type = declared;
  if (auto opt = type->cast<c10::OptionalType>()) {
    optional = true;
    type = opt->getElementType();
  }
  switch (type->kind()) {
    case c10::TypeKind::TensorType: return {Expect::Tensor, optional};
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType: return {Expect::Int, optional};
    case c10::TypeKind::FloatType: return {Expect::Double, optional};
    case c10::TypeKind::BoolType: return {Expect::Bool, optional};
    case c10::TypeKind::NumberType: return {Expect::Number, optional};
    case c10::TypeKind::ListType: {
      auto element = type->expectRef<c10::ListType>().getElementType()->kind();
      if (element == c10::TypeKind::IntType || element == c10::TypeKind::SymIntType) return {Expect::IntList, optional};
      if (element == c10::TypeKind::TensorType) return {Expect::TensorList, optional};
      return {Expect::Other, optional};
    }
    default: return {Expect::Other, optional};
  }
}

bool accepts(const ExpectedArg& arg, const c10::IValue& v) {
  if (v.isNone()) return arg.optional;
  switch (arg.expect) {
    case Expect::Tensor: return v.isTensor();
    case Expect::Int: return v.isInt();
    case Expect::Double: return v.isDouble();
    case Expect::Bool: return v.isBool();
    case Expect::Number: return v.isInt() || v.isDouble() || v.isBool();
    case Expect::IntList: return v.isIntList();
    case Expect::TensorList: return v.isTensorList();
    default: return false;
  }
}

// Checks the given arguments and appends the schema's defaults for the missing ones. Falls back to
// checkAndNormalizeInputs (with its precise messages) for anything the cheap checks do not cover.
void normalize(const OpInfo& info, torch::jit::Stack& stack) {
  const auto& schema = info.handle.schema();
  bool fast = true;
  for (size_t i = 0; i < stack.size() && fast; ++i) fast = accepts(info.args[i], stack[i]);
  for (size_t i = stack.size(); i < info.args.size() && fast; ++i) fast = schema.arguments()[i].default_value().has_value();
  if (!fast) {
    schema.checkAndNormalizeInputs(stack);
    return;
  }
  for (size_t i = stack.size(); i < info.args.size(); ++i) stack.push_back(*schema.arguments()[i].default_value());
}

}  // namespace

// Finds an operator by name ("aten::add") and overload ("Tensor", or "" for the default one).
// Returns a handle to pass to ts_op_call, or nullptr (see ts_last_error) when there is none.
TS_EXPORT void* ts_op_find(const char* name, const char* overload) {
  TS_GUARD(nullptr, {
    TS_REQUIRE(name != nullptr && overload != nullptr, "operator name and overload must not be null");
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload);
    auto* info = new OpInfo{handle, {}};
    for (const auto& argument : handle.schema().arguments()) info->args.push_back(classify(argument.type()));
    return static_cast<void*>(info);
  })
}

// Calls an operator. Arguments not given take the schema's defaults. Results are written to
// out_kinds/out_ints/out_doubles (one slot each) and out_ptrs (tensors, in order; a tensor list takes
// as many pointer slots as it has tensors and stores its length in out_ints). Returns the number of
// results, or -1 on error.
TS_EXPORT int32_t ts_op_call(void* op, int32_t nargs, const int32_t* kinds, const int64_t* ints,
                             const double* doubles, void* const* ptrs, int32_t max_out, int32_t* out_kinds,
                             int64_t* out_ints, double* out_doubles, int32_t max_ptrs, void** out_ptrs) {
  TS_GUARD(-1, {
    TS_REQUIRE(op != nullptr, "operator handle is null");
    TS_REQUIRE(nargs >= 0, "negative argument count");
    const auto& info = *static_cast<OpInfo*>(op);
    const auto& handle = info.handle;
    const auto& schema = handle.schema();
    TS_REQUIRE(static_cast<size_t>(nargs) <= schema.arguments().size(),
               schema.name() + " takes at most " + std::to_string(schema.arguments().size()) +
                   " arguments, got " + std::to_string(nargs));
    auto stack = decode(nargs, kinds, ints, doubles, ptrs);
    normalize(info, stack);
    handle.callBoxed(stack);

    TS_REQUIRE(stack.size() <= static_cast<size_t>(max_out), schema.name() + " returned too many results");
    int32_t np = 0;
    for (size_t r = 0; r < stack.size(); ++r) {
      auto& v = stack[r];
      if (v.isTensor()) {
        TS_REQUIRE(np < max_ptrs, "too many tensor results");
        out_kinds[r] = kTensor;
        out_ptrs[np++] = ts::box(std::move(v).toTensor());
      } else if (v.isTensorList()) {
        auto list = std::move(v).toTensorList();
        TS_REQUIRE(np + static_cast<int32_t>(list.size()) <= max_ptrs, "too many tensor results");
        out_kinds[r] = kTensorList;
        out_ints[r] = static_cast<int64_t>(list.size());
        for (size_t k = 0; k < list.size(); ++k) out_ptrs[np++] = ts::box(list.get(k));
      } else if (v.isInt()) {
        out_kinds[r] = kInt;
        out_ints[r] = v.toInt();
      } else if (v.isDouble()) {
        out_kinds[r] = kDouble;
        out_doubles[r] = v.toDouble();
      } else if (v.isBool()) {
        out_kinds[r] = kBool;
        out_ints[r] = v.toBool() ? 1 : 0;
      } else if (v.isNone()) {
        out_kinds[r] = kNone;
      } else {
        throw std::runtime_error(schema.name() + " returned an unsupported value of type " + v.tagKind());
      }
    }
    return static_cast<int32_t>(stack.size());
  })
}
