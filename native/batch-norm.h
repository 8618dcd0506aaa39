// BatchNorm over NHWC activations with its ReLU, forward and backward, for explr's fused kernels on the CPU.
#pragma once

#include <node_api.h>

namespace explr {

// Adds batchNormForward and batchNormBackward to the addon's exports; false (with a pending exception) on failure.
bool defineBatchNorm(napi_env env, napi_value exports);

}  // namespace explr
