// BatchNorm in training mode over x, NHWC viewed as [P, C] (P = N·H·W positions), for the fused kernels that explr
// registers on the wasm backend (src/backend/native/batch-norm-kernels.ts), on tensors in the wasm memory.
//
// Forward: per-channel sums shifted by the channel's first value K (S = Σ(x − K), Q = Σ(x − K)², so that the
// variance does not cancel), stats [3, C] = (μ, r, unbiased σ²) with r = 1/√max(σ² + ε, floor), then
// y = x̂ = (x − μ)·r, or max(x̂, 0) with ReLU. Backward, with g = dy (times [x̂ > 0] with ReLU):
// dx = r·(g − Σg/P − x̂·Σ(g·x̂)/P), x̂ recomputed from x. The same definitions as the webgpu kernels.
//
// Each pass is one OpenMP loop over positions, on the threads the calling JavaScript thread set for its
// convolutions (setThreads): the convolutions and these loops share libgomp's one pool. Sums are taken in float
// over blocks of positions (vectorized over channels) and added up in double.

#include "batch-norm.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "napi-helpers.h"

namespace explr {
namespace {

// Positions summed in float before they are added to the double sums.
constexpr long kBlock = 64;
// Below this many elements a pass runs on one thread: waking the pool costs more than it saves.
constexpr long kParallelElements = 1 << 15;

// The per-position loops below are cloned for AVX-512, AVX2 and baseline x86-64 and picked at load time (the addon
// is built on one machine and may run on another), elsewhere compiled for the target.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EXPLR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EXPLR_CLONES
#endif

// Adds, for positions [begin, end), (x − shift) to a and (x − shift)² to b, per channel.
EXPLR_CLONES void shiftedSums(const float* __restrict x, const float* __restrict shift, float* __restrict a,
                              float* __restrict b, long begin, long end, long channels) {
  for (long p = begin; p < end; p++) {
    const float* row = x + p * channels;
#pragma omp simd
    for (long c = 0; c < channels; c++) {
      const float d = row[c] - shift[c];
      a[c] += d;
      b[c] += d * d;
    }
  }
}

// Adds, for positions [begin, end), g to a and g·x̂ to b, per channel; g = dy, masked by x̂ > 0 with ReLU.
template <bool relu>
EXPLR_CLONES void gradientSums(const float* __restrict x, const float* __restrict dy, const float* __restrict mean,
                               const float* __restrict r, float* __restrict a, float* __restrict b, long begin,
                               long end, long channels) {
  for (long p = begin; p < end; p++) {
    const float* in = x + p * channels;
    const float* grad = dy + p * channels;
#pragma omp simd
    for (long c = 0; c < channels; c++) {
      const float xHat = (in[c] - mean[c]) * r[c];
      const float d = grad[c];
      const float g = relu ? (xHat > 0.0f ? d : 0.0f) : d;
      a[c] += g;
      b[c] += g * xHat;
    }
  }
}

// y = x̂, or max(x̂, 0) with ReLU, for positions [begin, end).
template <bool relu>
EXPLR_CLONES void normalizeRows(const float* __restrict x, const float* __restrict mean, const float* __restrict r,
                                float* __restrict y, long begin, long end, long channels) {
  for (long p = begin; p < end; p++) {
    const float* in = x + p * channels;
    float* out = y + p * channels;
#pragma omp simd
    for (long c = 0; c < channels; c++) {
      const float xHat = (in[c] - mean[c]) * r[c];
      out[c] = relu ? std::max(xHat, 0.0f) : xHat;
    }
  }
}

// dx = r·(g − mean(g) − x̂·mean(g·x̂)) for positions [begin, end).
template <bool relu>
EXPLR_CLONES void gradientRows(const float* __restrict x, const float* __restrict dy, const float* __restrict mean,
                               const float* __restrict r, const float* __restrict meanG,
                               const float* __restrict meanGxHat, float* __restrict dx, long begin, long end,
                               long channels) {
  for (long p = begin; p < end; p++) {
    const float* in = x + p * channels;
    const float* grad = dy + p * channels;
    float* out = dx + p * channels;
#pragma omp simd
    for (long c = 0; c < channels; c++) {
      const float xHat = (in[c] - mean[c]) * r[c];
      const float d = grad[c];
      const float g = relu ? (xHat > 0.0f ? d : 0.0f) : d;
      out[c] = r[c] * (g - meanG[c] - xHat * meanGxHat[c]);
    }
  }
}

int threadsFor(long elements) { return elements >= kParallelElements ? omp_get_max_threads() : 1; }

// Per-channel sums over all positions into first[C] and second[C] (double): `blockSums(begin, end, a, b)` adds
// a block's float sums to a and b; each thread takes a contiguous range of positions.
template <typename BlockSums>
void channelSums(long positions, long channels, BlockSums blockSums, std::vector<double>& first,
                 std::vector<double>& second) {
  const int threads = threadsFor(positions * channels);
  std::vector<double> partial(size_t(threads) * 2 * channels, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), count = omp_get_num_threads();
    const long begin = positions * t / count, end = positions * (t + 1) / count;
    double* sums = &partial[size_t(t) * 2 * channels];
    std::vector<float> a(channels), b(channels);
    for (long block = begin; block < end; block += kBlock) {
      std::fill(a.begin(), a.end(), 0.0f);
      std::fill(b.begin(), b.end(), 0.0f);
      blockSums(block, std::min(block + kBlock, end), a.data(), b.data());
      for (long c = 0; c < channels; c++) {
        sums[c] += a[c];
        sums[channels + c] += b[c];
      }
    }
  }
  first.assign(channels, 0.0);
  second.assign(channels, 0.0);
  for (int t = 0; t < threads; t++) {
    for (long c = 0; c < channels; c++) {
      first[c] += partial[size_t(t) * 2 * channels + c];
      second[c] += partial[size_t(t) * 2 * channels + channels + c];
    }
  }
}

// Runs rows(begin, end) over all positions in contiguous ranges, one per thread.
template <typename Rows>
void forRows(long positions, long channels, Rows rows) {
  const int threads = threadsFor(positions * channels);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), count = omp_get_num_threads();
    rows(positions * t / count, positions * (t + 1) / count);
  }
}

void forward(const float* x, float* y, float* stats, long positions, long channels, float epsilon,
             float minVariance, bool relu) {
  const float* shift = x;
  std::vector<double> sums, squares;
  channelSums(
      positions, channels,
      [&](long begin, long end, float* a, float* b) { shiftedSums(x, shift, a, b, begin, end, channels); }, sums,
      squares);
  for (long c = 0; c < channels; c++) {
    const double n = double(positions), shifted = sums[c] / n;
    const double variance = std::max(squares[c] / n - shifted * shifted, 0.0);
    stats[c] = float(shift[c] + shifted);
    stats[channels + c] = float(1.0 / std::sqrt(std::max(variance + epsilon, double(minVariance))));
    stats[2 * channels + c] = float(positions > 1 ? variance * n / (n - 1) : variance);
  }
  const float* mean = stats;
  const float* r = stats + channels;
  forRows(positions, channels, [&](long begin, long end) {
    if (relu) normalizeRows<true>(x, mean, r, y, begin, end, channels);
    else normalizeRows<false>(x, mean, r, y, begin, end, channels);
  });
}

void backward(const float* x, const float* dy, const float* stats, float* dx, long positions, long channels,
              bool relu) {
  const float* mean = stats;
  const float* r = stats + channels;
  std::vector<double> sums, products;
  channelSums(
      positions, channels,
      [&](long begin, long end, float* a, float* b) {
        if (relu) gradientSums<true>(x, dy, mean, r, a, b, begin, end, channels);
        else gradientSums<false>(x, dy, mean, r, a, b, begin, end, channels);
      },
      sums, products);
  std::vector<float> meanG(channels), meanGxHat(channels);
  for (long c = 0; c < channels; c++) {
    meanG[c] = float(sums[c] / double(positions));
    meanGxHat[c] = float(products[c] / double(positions));
  }
  forRows(positions, channels, [&](long begin, long end) {
    if (relu) gradientRows<true>(x, dy, mean, r, meanG.data(), meanGxHat.data(), dx, begin, end, channels);
    else gradientRows<false>(x, dy, mean, r, meanG.data(), meanGxHat.data(), dx, begin, end, channels);
  });
}

// Reads argument `i` as a Float32Array of `expected` elements (any length if expected is 0).
float* arrayArg(napi_env env, napi_value* args, int i, size_t expected, size_t* length) {
  float* data = floatArray(env, args[i], length);
  if (data == nullptr || (expected != 0 && *length != expected)) return nullptr;
  return data;
}

double numberArg(napi_env env, napi_value value) {
  double out = 0;
  napi_get_value_double(env, value, &out);
  return out;
}

bool boolArg(napi_env env, napi_value value) {
  bool out = false;
  napi_get_value_bool(env, value, &out);
  return out;
}

// The channel count argument, checked against x's length; 0 if it does not divide it.
long channelsArg(napi_env env, napi_value value, size_t length) {
  const double channels = numberArg(env, value);
  if (!(channels >= 1) || std::floor(channels) != channels || length % size_t(channels) != 0) return 0;
  return long(channels);
}

// batchNormForward(x, y, stats, channels, epsilon, minVariance, relu): y and stats [3, C] from x.
napi_value BatchNormForward(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value args[7];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, args, nullptr, nullptr));
  if (argc != 7) return fail(env, "batchNormForward(x, y, stats, channels, epsilon, minVariance, relu)");
  size_t n = 0, length = 0;
  const float* x = arrayArg(env, args, 0, 0, &n);
  const long channels = x == nullptr ? 0 : channelsArg(env, args[3], n);
  float* y = arrayArg(env, args, 1, n, &length);
  float* stats = arrayArg(env, args, 2, size_t(3 * channels), &length);
  if (x == nullptr || channels == 0 || y == nullptr || stats == nullptr || n == 0) {
    return fail(env, "batchNormForward: x, y (x's length) and stats (3·C) must be Float32Arrays, C must divide x");
  }
  forward(x, y, stats, long(n) / channels, channels, float(numberArg(env, args[4])), float(numberArg(env, args[5])),
          boolArg(env, args[6]));
  return nullptr;
}

// batchNormBackward(x, dy, stats, dx, channels, relu): dx from x, dy and the forward's stats.
napi_value BatchNormBackward(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value args[6];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, args, nullptr, nullptr));
  if (argc != 6) return fail(env, "batchNormBackward(x, dy, stats, dx, channels, relu)");
  size_t n = 0, length = 0;
  const float* x = arrayArg(env, args, 0, 0, &n);
  const long channels = x == nullptr ? 0 : channelsArg(env, args[4], n);
  const float* dy = arrayArg(env, args, 1, n, &length);
  const float* stats = arrayArg(env, args, 2, size_t(3 * channels), &length);
  float* dx = arrayArg(env, args, 3, n, &length);
  if (x == nullptr || channels == 0 || dy == nullptr || stats == nullptr || dx == nullptr || n == 0) {
    return fail(env,
                "batchNormBackward: x, dy, dx (x's length) and stats (3·C) must be Float32Arrays, C must divide x");
  }
  backward(x, dy, stats, dx, long(n) / channels, channels, boolArg(env, args[5]));
  return nullptr;
}

}  // namespace

bool defineBatchNorm(napi_env env, napi_value exports) {
  const napi_property_descriptor properties[] = {
      {"batchNormForward", nullptr, BatchNormForward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"batchNormBackward", nullptr, BatchNormBackward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
  };
  return napi_define_properties(env, exports, 2, properties) == napi_ok;
}

}  // namespace explr
