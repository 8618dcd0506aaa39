import { loadHeapGuardAddon } from "../../kernel/heap-guard.js";

/**
 * The `skip` of a test that needs the heap guard's addon: false when it loads, else the reason and how to build it.
 * `npm test` on a machine without g++ skips these tests; CI sets EXPLR_REQUIRE_NATIVE=1, and then they run (and fail).
 */
export function heapGuardSkip(): string | false {
  const load = loadHeapGuardAddon();
  if ("addon" in load || process.env.EXPLR_REQUIRE_NATIVE === "1") return false;
  return `the heap guard's addon is unavailable (${load.reason}); build it: apt-get install g++ && npm run build:native`;
}
