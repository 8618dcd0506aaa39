// explr's native addon. This file: the module, and 2-D convolutions (forward, input gradient, filter gradient)
// through oneDNN, for tensors that live in the memory of tfjs's wasm backend. JavaScript passes that memory's
// ArrayBuffer and byte offsets, so nothing is copied in or out: oneDNN reads the NHWC activations and HWIO filters
// in place and writes the result in place.
//
// oneDNN's fast f32 kernels (jit:avx512_core/avx2) want blocked layouts (nChw16c and friends); on plain NHWC it
// falls back to im2col + GEMM, measured ~3x slower for PreResNet-20's shapes. So each call converts its operands
// into the layout the primitive chose, runs it, and converts the result back: activations whose channels are a
// multiple of the block by copying whole blocks (none at all when C is the block: the bytes are the same), the rest
// by oneDNN's reorders. The blocked copies live in per-thread scratch buffers that only grow. A layer's two gradient
// kernels take the same dy: the blocked copy the first makes is kept, under a token JavaScript gives per dy tensor,
// and the second uses it instead of converting dy again.
//
// Everything is per JavaScript thread (N-API instance data): each worker thread has its own engine, stream, plans
// and scratch, and its own OpenMP thread count (libgomp keeps nthreads-var per calling thread).

#include <node_api.h>
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "batch-norm.h"
#include "dnnl.hpp"
#include "napi-helpers.h"

namespace {

using dnnl::memory;
using explr::fail;
using Tag = memory::format_tag;

enum Kind { kForward = 0, kBackwardData = 1, kBackwardWeights = 2 };

// The geometry JavaScript sends, in this order (an Int32Array).
struct Geometry {
  int n, h, w, c, co, kh, kw, oh, ow, sh, sw, top, left, bottom, right;
};
constexpr size_t kGeometryLength = 15;

// 64-byte aligned storage for the blocked copy of one operand; grows, never shrinks.
class Scratch {
 public:
  void* get(size_t bytes) {
    if (bytes > size_) {
      data_.reset(static_cast<char*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64)));
      if (!data_) throw std::bad_alloc();
      size_ = bytes;
    }
    return data_.get();
  }

 private:
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  std::unique_ptr<char, Free> data_;
  size_t size_ = 0;
};

// How an operand goes between its layout in wasm memory and the one the primitive wants.
enum class Conversion {
  kNone,           // the same layout
  kSameBytes,      // NHWC with C = the channel block: nChw16c (or 8c) has the same bytes
  kChannelBlocks,  // NHWC ↔ nChw16c (or 8c), C a multiple of the block: a copy of whole blocks, below
  kReorder,        // anything else: a oneDNN reorder
};

// One operand of a plan: its layout in wasm memory, the layout the primitive wants, and the conversion between them.
struct Operand {
  int arg;
  memory::desc user;
  memory::desc inner;
  Conversion conversion = Conversion::kNone;
  // For kChannelBlocks: the channel block and the NCHW dims.
  int block = 0;
  memory::dims dims;
  std::optional<dnnl::reorder> reorder;  // kReorder: user → inner for inputs, inner → user for the output
};

// NHWC ↔ channel-blocked NCHW (nChw<block>c) for C a multiple of `block`: each position's channels are cut into
// C/block runs of `block` floats, which are copied whole. oneDNN's generic reorder took 2–3 ms for a
// 128×64×8×8 tensor that this copies at memory speed.
void copyChannelBlocks(const memory::dims& dims, int block, const float* from, float* to, bool toBlocked) {
  const long n = dims[0], c = dims[1], h = dims[2], w = dims[3], blocks = c / block;
#pragma omp parallel for collapse(2) schedule(static)
  for (long i = 0; i < n; i++) {
    for (long b = 0; b < blocks; b++) {
      for (long p = 0; p < h * w; p++) {
        const long plain = (i * h * w + p) * c + b * block;
        const long blocked = ((i * blocks + b) * h * w + p) * block;
        const float* source = from + (toBlocked ? plain : blocked);
        float* target = to + (toBlocked ? blocked : plain);
        std::copy(source, source + block, target);
      }
    }
  }
}

// A primitive for one (kind, geometry, threads), with its three operands: two inputs, one output.
struct Plan {
  dnnl::primitive conv;
  Operand in0, in1, out;
};

// The converted copy of the last dy a gradient kernel took: its token (0: none) and layout.
struct DyCache {
  double token = 0;
  memory::desc inner;
  Scratch buffer;
};

struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  int threads = 1;
  std::map<std::vector<int>, Plan> plans;
  Scratch scratch[3];
  DyCache dy;
};

// `dims` are the NCHW dims of an activation operand (NHWC in wasm memory); empty for the weights.
Operand makeOperand(const dnnl::engine& engine, int arg, const memory::desc& user, const memory::desc& inner,
                    bool isOutput, const memory::dims& dims = {}) {
  Operand op{arg, user, inner};
  if (user == inner) return op;
  for (const auto& [block, tag] : {std::pair{16, Tag::aBcd16b}, std::pair{8, Tag::aBcd8b}}) {
    if (dims.empty() || dims[1] % block != 0 || memory::desc(dims, memory::data_type::f32, tag) != inner) continue;
    op.conversion = dims[1] == block ? Conversion::kSameBytes : Conversion::kChannelBlocks;
    op.block = block;
    op.dims = dims;
    return op;
  }
  op.conversion = Conversion::kReorder;
  op.reorder = isOutput ? dnnl::reorder(dnnl::reorder::primitive_desc(engine, inner, engine, user))
                        : dnnl::reorder(dnnl::reorder::primitive_desc(engine, user, engine, inner));
  return op;
}

Plan makePlan(Context& ctx, Kind kind, const Geometry& g) {
  const memory::dims src{g.n, g.c, g.h, g.w}, weights{g.co, g.c, g.kh, g.kw}, dst{g.n, g.co, g.oh, g.ow};
  const memory::dims strides{g.sh, g.sw}, padL{g.top, g.left}, padR{g.bottom, g.right};
  const auto f32 = memory::data_type::f32;
  const memory::desc srcUser(src, f32, Tag::nhwc), weightsUser(weights, f32, Tag::hwio),
      dstUser(dst, f32, Tag::nhwc);
  const memory::desc srcAny(src, f32, Tag::any), weightsAny(weights, f32, Tag::any), dstAny(dst, f32, Tag::any);
  const auto direct = dnnl::algorithm::convolution_direct;
  // Every backward primitive needs the forward one as a hint, so the same kernels family is chosen.
  const dnnl::convolution_forward::primitive_desc forward(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, direct, srcAny, weightsAny, dstAny, strides,
                                      padL, padR),
      ctx.engine);
  const auto& e = ctx.engine;
  if (kind == kForward) {
    return Plan{dnnl::convolution_forward(forward),
                makeOperand(e, DNNL_ARG_SRC, srcUser, forward.src_desc(), false, src),
                makeOperand(e, DNNL_ARG_WEIGHTS, weightsUser, forward.weights_desc(), false),
                makeOperand(e, DNNL_ARG_DST, dstUser, forward.dst_desc(), true, dst)};
  }
  if (kind == kBackwardData) {
    const dnnl::convolution_backward_data::primitive_desc pd(
        dnnl::convolution_backward_data::desc(direct, srcAny, weightsAny, dstAny, strides, padL, padR), e, forward);
    return Plan{dnnl::convolution_backward_data(pd),
                makeOperand(e, DNNL_ARG_DIFF_DST, dstUser, pd.diff_dst_desc(), false, dst),
                makeOperand(e, DNNL_ARG_WEIGHTS, weightsUser, pd.weights_desc(), false),
                makeOperand(e, DNNL_ARG_DIFF_SRC, srcUser, pd.diff_src_desc(), true, src)};
  }
  const dnnl::convolution_backward_weights::primitive_desc pd(
      dnnl::convolution_backward_weights::desc(direct, srcAny, weightsAny, dstAny, strides, padL, padR), e, forward);
  return Plan{dnnl::convolution_backward_weights(pd),
              makeOperand(e, DNNL_ARG_SRC, srcUser, pd.src_desc(), false, src),
              makeOperand(e, DNNL_ARG_DIFF_DST, dstUser, pd.diff_dst_desc(), false, dst),
              makeOperand(e, DNNL_ARG_DIFF_WEIGHTS, weightsUser, pd.diff_weights_desc(), true)};
}

// The operand's data in its inner layout: the user's bytes themselves, or a converted copy in `scratch`.
memory prepareInput(Context& ctx, const Operand& op, void* user, Scratch& scratch) {
  switch (op.conversion) {
    case Conversion::kNone:
      return memory(op.user, ctx.engine, user);
    case Conversion::kSameBytes:
      return memory(op.inner, ctx.engine, user);
    case Conversion::kChannelBlocks: {
      memory innerMem(op.inner, ctx.engine, scratch.get(op.inner.get_size()));
      copyChannelBlocks(op.dims, op.block, static_cast<const float*>(user),
                        static_cast<float*>(innerMem.get_data_handle()), true);
      return innerMem;
    }
    case Conversion::kReorder:
      break;
  }
  memory userMem(op.user, ctx.engine, user);
  memory innerMem(op.inner, ctx.engine, scratch.get(op.inner.get_size()));
  op.reorder->execute(ctx.stream, userMem, innerMem);
  return innerMem;
}

// dy in the layout `op` wants: the cached copy when `token` (nonzero) names the dy converted last into that layout,
// else a conversion that is cached under `token`.
memory prepareDy(Context& ctx, const Operand& op, void* user, double token, Scratch& scratch) {
  const bool copies = op.conversion == Conversion::kChannelBlocks || op.conversion == Conversion::kReorder;
  if (token == 0 || !copies) return prepareInput(ctx, op, user, scratch);
  DyCache& cache = ctx.dy;
  if (cache.token == token && cache.inner == op.inner) {
    return memory(op.inner, ctx.engine, cache.buffer.get(op.inner.get_size()));
  }
  cache.token = 0;  // invalid while the buffer is rewritten
  memory converted = prepareInput(ctx, op, user, cache.buffer);
  ctx.stream.wait();
  cache.token = token;
  cache.inner = op.inner;
  return converted;
}

void run(Context& ctx, Kind kind, const Geometry& g, void* in0, void* in1, void* out, double dyToken) {
  std::vector<int> key{kind, ctx.threads, g.n, g.h, g.w, g.c, g.co, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw,
                       g.top, g.left, g.bottom, g.right};
  auto found = ctx.plans.find(key);
  if (found == ctx.plans.end()) found = ctx.plans.emplace(key, makePlan(ctx, kind, g)).first;
  const Plan& plan = found->second;
  // dy is the first input of the input gradient and the second of the filter gradient.
  memory a = kind == kBackwardData ? prepareDy(ctx, plan.in0, in0, dyToken, ctx.scratch[0])
                                   : prepareInput(ctx, plan.in0, in0, ctx.scratch[0]);
  memory b = kind == kBackwardWeights ? prepareDy(ctx, plan.in1, in1, dyToken, ctx.scratch[1])
                                      : prepareInput(ctx, plan.in1, in1, ctx.scratch[1]);
  const Operand& o = plan.out;
  const bool inPlace = o.conversion == Conversion::kNone || o.conversion == Conversion::kSameBytes;
  memory innerOut(o.conversion == Conversion::kNone ? o.user : o.inner, ctx.engine,
                  inPlace ? out : ctx.scratch[2].get(o.inner.get_size()));
  plan.conv.execute(ctx.stream, {{plan.in0.arg, a}, {plan.in1.arg, b}, {o.arg, innerOut}});
  if (o.conversion == Conversion::kReorder) {
    memory userOut(o.user, ctx.engine, out);
    o.reorder->execute(ctx.stream, innerOut, userOut);
  }
  ctx.stream.wait();
  if (o.conversion == Conversion::kChannelBlocks) {
    copyChannelBlocks(o.dims, o.block, static_cast<const float*>(innerOut.get_data_handle()), static_cast<float*>(out),
                      false);
  }
}

// ---- N-API glue ----

Context* context(napi_env env) {
  void* data = nullptr;
  if (napi_get_instance_data(env, &data) != napi_ok) return nullptr;
  return static_cast<Context*>(data);
}

int32_t intArg(napi_env env, napi_value value) {
  int32_t out = 0;
  napi_get_value_int32(env, value, &out);
  return out;
}

// conv(kind, heap: ArrayBuffer, offsets: [in0, in1, out], geometry: Int32Array(15), dyToken).
// Inputs per kind: forward (x, W) → y; backward data (dy, W) → dx; backward weights (x, dy) → dW. dyToken: for the
// gradient kinds, a number that names dy's contents (equal tokens: the same dy), 0 for none; the forward passes 0.
napi_value Conv(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value args[5];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, args, nullptr, nullptr));
  if (argc != 5) return fail(env, "conv(kind, heap, offsets, geometry, dyToken) takes 5 arguments");
  const int kind = intArg(env, args[0]);
  if (kind < kForward || kind > kBackwardWeights) return fail(env, "conv: kind must be 0, 1 or 2");
  void* heap = nullptr;
  size_t heapBytes = 0;
  if (napi_get_arraybuffer_info(env, args[1], &heap, &heapBytes) != napi_ok) {
    // A SharedArrayBuffer would mean the threaded wasm build, which tfjs does not use in Node.
    return fail(env, "conv: the heap must be an ArrayBuffer (a threaded wasm build? set EXPLR_NATIVE=0)");
  }
  napi_typedarray_type type;
  size_t length = 0;
  void* geometryData = nullptr;
  CHECK_NAPI(napi_get_typedarray_info(env, args[3], &type, &length, &geometryData, nullptr, nullptr));
  if (type != napi_int32_array || length != kGeometryLength) {
    return fail(env, "conv: geometry must be an Int32Array of 15");
  }
  Geometry g;
  std::copy_n(static_cast<const int32_t*>(geometryData), kGeometryLength, reinterpret_cast<int*>(&g));
  // Bytes of (in0, in1, out) per kind, to refuse offsets outside the heap instead of corrupting it.
  const size_t x = size_t(g.n) * g.h * g.w * g.c, y = size_t(g.n) * g.oh * g.ow * g.co,
               w = size_t(g.kh) * g.kw * g.c * g.co;
  const size_t sizes[3][3] = {{x, w, y}, {y, w, x}, {x, y, w}};
  void* pointers[3];
  for (uint32_t i = 0; i < 3; i++) {
    napi_value element;
    CHECK_NAPI(napi_get_element(env, args[2], i, &element));
    int64_t offset = -1;
    CHECK_NAPI(napi_get_value_int64(env, element, &offset));
    if (offset < 0 || size_t(offset) + sizes[kind][i] * sizeof(float) > heapBytes) {
      return fail(env, "conv: operand " + std::to_string(i) + " lies outside the heap");
    }
    pointers[i] = static_cast<char*>(heap) + offset;
  }
  double dyToken = 0;
  if (napi_get_value_double(env, args[4], &dyToken) != napi_ok) return fail(env, "conv: dyToken must be a number");
  Context* ctx = context(env);
  if (ctx == nullptr) return fail(env, "conv: no context");
  try {
    run(*ctx, static_cast<Kind>(kind), g, pointers[0], pointers[1], pointers[2], dyToken);
  } catch (const dnnl::error& error) {
    return fail(env, std::string("oneDNN: ") + error.what() + " (status " + std::to_string(error.status) + ")");
  } catch (const std::exception& error) {
    return fail(env, std::string("conv: ") + error.what());
  }
  return nullptr;
}

// setThreads(n): OpenMP threads of this JavaScript thread's convolutions.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr));
  const int threads = argc == 1 ? intArg(env, arg) : 0;
  if (threads < 1) return fail(env, "setThreads(n) needs an integer n ≥ 1");
  Context* ctx = context(env);
  if (ctx == nullptr) return fail(env, "setThreads: no context");
  omp_set_num_threads(threads);
  ctx->threads = threads;
  return nullptr;
}

// info(): { version, isa } of the oneDNN library that was loaded.
napi_value Info(napi_env env, napi_callback_info) {
  const dnnl_version_t* v = dnnl_version();
  const std::string version =
      std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  const char* isa = "unknown";
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::avx512_core: isa = "avx512_core"; break;
    case dnnl::cpu_isa::avx512_core_vnni: isa = "avx512_core_vnni"; break;
    case dnnl::cpu_isa::avx512_core_bf16: isa = "avx512_core_bf16"; break;
    case dnnl::cpu_isa::avx512_core_amx: isa = "avx512_core_amx"; break;
    case dnnl::cpu_isa::avx2: isa = "avx2"; break;
    case dnnl::cpu_isa::avx2_vnni: isa = "avx2_vnni"; break;
    case dnnl::cpu_isa::avx: isa = "avx"; break;
    case dnnl::cpu_isa::sse41: isa = "sse41"; break;
    default: break;
  }
  napi_value out, versionValue, isaValue;
  CHECK_NAPI(napi_create_object(env, &out));
  CHECK_NAPI(napi_create_string_utf8(env, version.c_str(), NAPI_AUTO_LENGTH, &versionValue));
  CHECK_NAPI(napi_create_string_utf8(env, isa, NAPI_AUTO_LENGTH, &isaValue));
  CHECK_NAPI(napi_set_named_property(env, out, "version", versionValue));
  CHECK_NAPI(napi_set_named_property(env, out, "isa", isaValue));
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  Context* ctx = nullptr;
  try {
    ctx = new Context();
  } catch (const std::exception& error) {
    return fail(env, std::string("oneDNN CPU engine: ") + error.what());
  }
  CHECK_NAPI(napi_set_instance_data(
      env, ctx, [](napi_env, void* data, void*) { delete static_cast<Context*>(data); }, nullptr));
  const napi_property_descriptor properties[] = {
      {"conv", nullptr, Conv, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default_method, nullptr},
  };
  CHECK_NAPI(napi_define_properties(env, exports, 3, properties));
  if (!explr::defineBatchNorm(env, exports)) return fail(env, "could not define the BatchNorm functions");
  return exports;
}

}  // namespace

NAPI_MODULE_INIT() { return Init(env, exports); }
