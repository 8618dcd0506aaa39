// Small N-API helpers shared by the addon's source files.
#pragma once

#include <node_api.h>

#include <string>

namespace explr {

// Throws a JavaScript Error with code EXPLR_NATIVE and returns nullptr, for `return fail(env, "...")`.
inline napi_value fail(napi_env env, const std::string& message) {
  napi_throw_error(env, "EXPLR_NATIVE", message.c_str());
  return nullptr;
}

// The float32 elements of a Float32Array argument, or nullptr if it is not one.
inline float* floatArray(napi_env env, napi_value value, size_t* length) {
  napi_typedarray_type type;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float32_array) {
    return nullptr;
  }
  return static_cast<float*>(data);
}

}  // namespace explr

#define CHECK_NAPI(call)                                                         \
  do {                                                                           \
    if ((call) != napi_ok) return explr::fail(env, "N-API call failed: " #call); \
  } while (0)
