// explr's heap guard: a cell that fills the JavaScript heap fails with an error instead of ending the kernel.
//
// V8 ends the process when its heap reaches the limit (--max-old-space-size). Just before, it calls the near-heap-limit
// callback, which may raise the limit. This one raises it a little (headroom for the way out) and then:
// - inside `run(fn)` (a cell's synchronous part), terminates the script; `run` takes the termination back
//   (CancelTerminateExecution), collects the garbage the script left, and throws an Error with code EXPLR_HEAP_LIMIT;
// - elsewhere (code after an `await`, a timer), terminating would stop Node's own JavaScript halfway (its timer list,
//   its async hooks) and leave the process broken, so it only raises a flag and tells JavaScript through the event
//   loop (`install`'s `outside` callback), which can interrupt an awaiting cell once the running code yields. The
//   flag is element 0 of an Int32Array `install` is given: the kernel compiles a check of it into every loop and
//   function body of a cell (kernel/tslab/heap-checks.ts), so code that never yields stops at its next check, by
//   throwing, where JavaScript may stop. The kernel then calls `takeOutside` where the cell ends, which takes the
//   limit and lowers the flag, and the wake-up finds nothing to tell.
// In all it adds at most the limit again (and 32 MB); past that V8 ends the process as it would have.
//
// This addon uses V8's own API (N-API has no heap limit callback), so it is built for one Node ABI: Node refuses to
// load it under another (NODE_MODULE_VERSION), and the kernel then runs without it. It needs no library but Node's
// headers, so it builds where the oneDNN addon cannot. Main thread only: the kernel runs cells there.

#include <node.h>
#include <uv.h>
#include <v8.h>

#include <cstdint>
#include <cstdio>
#include <memory>

namespace {

using v8::Context;
using v8::Function;
using v8::FunctionCallbackInfo;
using v8::Global;
using v8::HandleScope;
using v8::Int32Array;
using v8::Isolate;
using v8::Local;
using v8::MaybeLocal;
using v8::Number;
using v8::Object;
using v8::String;
using v8::Value;

struct Guard {
  Isolate* isolate = nullptr;
  // how many `run` calls are on the stack: the callback terminates only inside one
  int depth = 0;
  // the limit reached inside a `run` (its termination not yet taken back), or 0
  size_t trippedInside = 0;
  // the limit reached outside any `run`, not yet told to JavaScript, or 0
  size_t trippedOutside = 0;
  Global<Function> outside;
  // element 0 of `install`'s Int32Array: 1 while trippedOutside is set, for the checks compiled into cells to read;
  // the backing store is held so the memory outlives anything JavaScript does to the array
  std::shared_ptr<v8::BackingStore> flagStore;
  int32_t* flag = nullptr;
  uv_async_t wake;
};

Guard guard;

// Raised by at least this much, or a quarter of the limit: room for the code to reach its next interrupt check.
constexpr size_t minHeadroom = 32u << 20;

size_t NearHeapLimit(void* data, size_t current, size_t initial) {
  auto* g = static_cast<Guard*>(data);
  const size_t headroom = initial / 4 > minHeadroom ? initial / 4 : minHeadroom;
  if (current + headroom > 2 * initial + minHeadroom) {
    // raised as far as it goes: the code did not stop in time (synchronous code after an await that reached no check:
    // a library's loop, one call that allocates it all); V8 ends the process
    fprintf(stderr,
            "explr kernel: the JavaScript heap reached its limit of %zu MB in code that could not be stopped "
            "(synchronous code after an await or in a timer that reached no check of the kernel's); "
            "the kernel ends\n",
            initial >> 20);
    return current;
  }
  if (g->depth > 0) {
    g->trippedInside = initial;
    g->isolate->TerminateExecution();
  } else {
    g->trippedOutside = initial;
    *g->flag = 1;
    uv_async_send(&g->wake);
  }
  return current + headroom;
}

// On the event loop after the heap neared its limit outside `run`: calls `outside(limitBytes)`.
void Wake(uv_async_t* handle) {
  auto* g = static_cast<Guard*>(handle->data);
  const size_t limit = g->trippedOutside;
  g->trippedOutside = 0;
  if (g->flag != nullptr) *g->flag = 0;
  if (limit == 0 || g->outside.IsEmpty()) return;
  HandleScope scope(g->isolate);
  Local<Function> outside = g->outside.Get(g->isolate);
  Local<Value> argv[] = {Number::New(g->isolate, static_cast<double>(limit))};
  node::MakeCallback(g->isolate, outside, outside, 1, argv, {0, 0});
}

// As Node's environment ends: lets go of the callback, the function and the event loop's handle while the isolate
// lives (a Global still set when the process's static destructors run would touch a disposed isolate).
void Uninstall(void* data) {
  auto* g = static_cast<Guard*>(data);
  g->isolate->RemoveNearHeapLimitCallback(NearHeapLimit, 0);
  g->outside.Reset();
  g->flag = nullptr;
  g->flagStore.reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&g->wake), nullptr);
}

void Throw(Isolate* isolate, const char* message) {
  isolate->ThrowException(v8::Exception::Error(String::NewFromUtf8(isolate, message).ToLocalChecked()));
}

// install(outside: (limitBytes: number) => void, flag: Int32Array): registers the callback, once, on the calling
// (main) thread; the callback sets flag[0] to 1 when the heap nears its limit outside `run`.
void Install(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  if (guard.isolate != nullptr) return Throw(isolate, "the heap guard is installed already");
  if (!info[0]->IsFunction()) return Throw(isolate, "install(outside, flag): outside must be a function");
  if (!info[1]->IsInt32Array() || info[1].As<Int32Array>()->Length() < 1) {
    return Throw(isolate, "install(outside, flag): flag must be an Int32Array of at least one element");
  }
  guard.isolate = isolate;
  guard.outside.Reset(isolate, info[0].As<Function>());
  Local<Int32Array> flag = info[1].As<Int32Array>();
  guard.flagStore = flag->Buffer()->GetBackingStore();
  guard.flag = reinterpret_cast<int32_t*>(static_cast<char*>(guard.flagStore->Data()) + flag->ByteOffset());
  *guard.flag = 0;
  uv_async_init(node::GetCurrentEventLoop(isolate), &guard.wake, Wake);
  guard.wake.data = &guard;
  // the wake-up must not keep the process alive
  uv_unref(reinterpret_cast<uv_handle_t*>(&guard.wake));
  isolate->AddNearHeapLimitCallback(NearHeapLimit, &guard);
  // back to the user's limit once a collection finds the heap below 90 % of it
  isolate->AutomaticallyRestoreInitialHeapLimit(0.9);
  node::AddEnvironmentCleanupHook(isolate, Uninstall, &guard);
}

// run(fn): fn(); if the heap neared its limit meanwhile, throws an Error with code EXPLR_HEAP_LIMIT and
// limitBytes, the limit it reached, after the garbage fn left is collected.
void Run(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsFunction()) return Throw(isolate, "run(fn): fn must be a function");
  Local<Context> context = isolate->GetCurrentContext();
  size_t limit = 0;
  {
    v8::TryCatch tryCatch(isolate);
    guard.depth++;
    MaybeLocal<Value> result = info[0].As<Function>()->Call(context, v8::Undefined(isolate), 0, nullptr);
    guard.depth--;
    // the outermost run takes the termination back; an inner one lets it go on out to there. The termination may
    // not have struck yet (fn returned just after the callback): it is taken back all the same.
    if (guard.trippedInside == 0 || guard.depth > 0) {
      // fn returned or threw, or something else terminates (the process is ending): pass it on
      if (tryCatch.HasCaught()) tryCatch.ReThrow();
      else info.GetReturnValue().Set(result.ToLocalChecked());
      return;
    }
    limit = guard.trippedInside;
    guard.trippedInside = 0;
    isolate->CancelTerminateExecution();
  }
  // fn's frames are gone: what it allocated is garbage now, and the collection puts the user's limit back
  isolate->LowMemoryNotification();
  Local<Value> error = v8::Exception::Error(String::NewFromUtf8Literal(isolate, "the JavaScript heap reached its limit"));
  Local<Object> fields = error.As<Object>();
  fields->Set(context, String::NewFromUtf8Literal(isolate, "code"), String::NewFromUtf8Literal(isolate, "EXPLR_HEAP_LIMIT"))
      .Check();
  fields->Set(context, String::NewFromUtf8Literal(isolate, "limitBytes"), Number::New(isolate, static_cast<double>(limit)))
      .Check();
  isolate->ThrowException(error);
}

// takeOutside(): the limit (bytes) the heap reached outside `run` and not yet told, or 0; clears it and the flag, so
// the wake-up on the event loop finds nothing (the caller tells JavaScript itself).
void TakeOutside(const FunctionCallbackInfo<Value>& info) {
  const size_t limit = guard.trippedOutside;
  guard.trippedOutside = 0;
  if (guard.flag != nullptr) *guard.flag = 0;
  info.GetReturnValue().Set(Number::New(info.GetIsolate(), static_cast<double>(limit)));
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  NODE_SET_METHOD(exports, "install", Install);
  NODE_SET_METHOD(exports, "run", Run);
  NODE_SET_METHOD(exports, "takeOutside", TakeOutside);
}
