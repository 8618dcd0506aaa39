/**
 * Reuses what tfjs's `webgpu` backend creates anew for every dispatch: its uniform buffer, its bind group and the
 * bind group layout it asks the pipeline for. Through Dawn's Node bindings those calls cost more CPU than the rest
 * of a dispatch together (bench/NOTES.md), and a training step repeats the same dispatches on the same recycled
 * buffers every time, so nearly every one is found again.
 *
 * - Uniforms: one buffer per distinct content (the shapes and constants of a dispatch), written once. tfjs writes a
 *   fresh pooled buffer per dispatch and recycles it at the next submit.
 * - Bind groups: one per (layout, buffers, offsets, sizes). A key names buffers by a number given once per buffer, so
 *   a destroyed buffer's entries are never matched again; the cache is emptied when it grows past its bound.
 * - Layouts: `getBindGroupLayout(0)` once per pipeline.
 * - Buffer reuse: tfjs hands out the free buffer of a size released last; a step releases them in another order than
 *   it took them, so each step ran on a permutation of the last one's buffers and missed its bind groups. The free
 *   buffer of a size with the lowest number is handed out instead: every step then sees the same buffers.
 */

import { NumberKeyMap } from "./number-key-map.js";

/** The parts of tfjs-backend-webgpu 4.22's WebGPUBackend that the cache wraps or reads. */
interface BackendInternals {
  device: GPUDeviceLike;
  makeUniforms(uniforms: { type: string; data: number[] }[]): BufferBinding;
  uniformPendingDisposal: unknown[];
  bufferManager: BufferManagerLike;
}
/** Free buffers are kept in lists by `${size}_${usage}`, and `acquireBuffer` takes the last of the list. */
interface BufferManagerLike {
  freeBuffers: Map<string, GPUBufferLike[]>;
  releaseBuffer(buffer: GPUBufferLike, reuse?: boolean): void;
}
interface GPUBufferLike {
  size: number;
  usage: number;
}
interface BufferBinding {
  buffer: object;
  offset?: number;
  size?: number;
}
interface GPUDeviceLike {
  createBindGroup(descriptor: {
    layout: object;
    entries: { binding: number; resource: BufferBinding }[];
  }): object;
}

/** Uniform field types as numbers, for cache keys. */
const uniformTypeCodes: Record<string, number> = { int32: 0, uint32: 1, float32: 2 };

/** Most uniform buffers and bind groups kept; past that the oldest are dropped (a changing LR adds uniforms). */
const maxUniformBuffers = 4096;
const maxBindGroups = 16384;

const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(object: object): number {
  let id = ids.get(object);
  if (id === undefined) {
    id = nextId++;
    ids.set(object, id);
  }
  return id;
}

function isBackendInternals(backend: object): backend is BackendInternals {
  const b = backend as Partial<BackendInternals>;
  return (
    typeof b.makeUniforms === "function" &&
    Array.isArray(b.uniformPendingDisposal) &&
    typeof b.device?.createBindGroup === "function" &&
    b.bufferManager?.freeBuffers instanceof Map &&
    typeof b.bufferManager.releaseBuffer === "function"
  );
}

/** Counts of what the cache found again and what it had to create, since it was installed. */
export interface DispatchCacheStats {
  uniformHits: number;
  uniformMisses: number;
  bindGroupHits: number;
  bindGroupMisses: number;
}

const installed = new WeakMap<object, DispatchCacheStats>();

/**
 * Installs the cache on a tfjs WebGPUBackend (once per backend); returns its counters, or null when the backend is
 * not shaped like tfjs-backend-webgpu 4.22's (then nothing is changed and tfjs runs as published).
 */
export function installDispatchCache(backend: object): DispatchCacheStats | null {
  const known = installed.get(backend);
  if (known !== undefined) return known;
  if (!isBackendInternals(backend)) return null;
  const stats: DispatchCacheStats = {
    uniformHits: 0,
    uniformMisses: 0,
    bindGroupHits: 0,
    bindGroupMisses: 0,
  };
  installed.set(backend, stats);
  memoizeBindGroupLayouts();
  reuseBuffersInOrder(backend.bufferManager);

  const uniforms = new NumberKeyMap<BufferBinding>();
  const makeUniforms = backend.makeUniforms.bind(backend);
  backend.makeUniforms = (fields) => {
    // The key: per field its type's code, its length, its values.
    let length = 0;
    for (const field of fields) length += 2 + field.data.length;
    uniforms.reserve(length);
    const key = uniforms.key;
    let at = 0;
    for (const field of fields) {
      key[at++] = uniformTypeCodes[field.type] ?? -1;
      key[at++] = field.data.length;
      for (const value of field.data) key[at++] = value;
    }
    const cached = uniforms.get(length);
    if (cached !== undefined) {
      stats.uniformHits++;
      return cached;
    }
    stats.uniformMisses++;
    const binding = makeUniforms(fields);
    // tfjs queued the buffer for recycling at the next submit; this cache keeps it instead.
    backend.uniformPendingDisposal.pop();
    if (uniforms.size >= maxUniformBuffers) {
      const oldest = uniforms.deleteOldest() as BufferBinding;
      // Recycled only after the next submit, like tfjs's own: a dispatch not yet submitted may still read it.
      backend.uniformPendingDisposal.push(oldest.buffer);
    }
    uniforms.set(length, binding);
    return binding;
  };

  const bindGroups = new NumberKeyMap<object>();
  const device = backend.device;
  const createBindGroup = device.createBindGroup.bind(device);
  device.createBindGroup = (descriptor) => {
    // The key: the layout's number, then per entry its binding, buffer number, offset and size (−1: the rest).
    const length = 1 + 4 * descriptor.entries.length;
    bindGroups.reserve(length);
    const key = bindGroups.key;
    key[0] = idOf(descriptor.layout);
    let at = 1;
    for (const { binding, resource } of descriptor.entries) {
      key[at++] = binding;
      key[at++] = idOf(resource.buffer);
      key[at++] = resource.offset ?? 0;
      key[at++] = resource.size ?? -1;
    }
    const cached = bindGroups.get(length);
    if (cached !== undefined) {
      stats.bindGroupHits++;
      return cached;
    }
    stats.bindGroupMisses++;
    if (bindGroups.size >= maxBindGroups) bindGroups.clear();
    const group = createBindGroup(descriptor);
    bindGroups.set(length, group);
    return group;
  };
  return stats;
}

/** Keeps each list of free buffers in descending number, so `acquireBuffer` takes the lowest-numbered one. */
function reuseBuffersInOrder(manager: BufferManagerLike): void {
  const releaseBuffer = manager.releaseBuffer.bind(manager);
  manager.releaseBuffer = (buffer, reuse = true) => {
    releaseBuffer(buffer, reuse);
    const free = manager.freeBuffers.get(`${buffer.size}_${buffer.usage}`);
    if (!reuse || free === undefined || free[free.length - 1] !== buffer) return;
    free.pop();
    const id = idOf(buffer);
    let at = free.length;
    while (at > 0 && idOf(free[at - 1]) < id) at--;
    free.splice(at, 0, buffer);
  };
}

let layoutsMemoized = false;

/** `GPUComputePipeline.getBindGroupLayout` returns one object per pipeline and index instead of a new one per call. */
function memoizeBindGroupLayouts(): void {
  if (layoutsMemoized) return;
  const pipelineClass = (
    globalThis as unknown as { GPUComputePipeline?: { prototype: Record<string, unknown> } }
  ).GPUComputePipeline;
  if (pipelineClass === undefined) return;
  const original = pipelineClass.prototype.getBindGroupLayout as (this: object, index: number) => object;
  const layouts = new WeakMap<object, Map<number, object>>();
  pipelineClass.prototype.getBindGroupLayout = function (this: object, index: number): object {
    let byIndex = layouts.get(this);
    if (byIndex === undefined) {
      byIndex = new Map();
      layouts.set(this, byIndex);
    }
    let layout = byIndex.get(index);
    if (layout === undefined) {
      layout = original.call(this, index);
      byIndex.set(index, layout);
    }
    return layout;
  };
  layoutsMemoized = true;
}
