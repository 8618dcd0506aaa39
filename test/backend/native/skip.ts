import { loadNativeAddon } from "../../../src/backend/native/addon.js";

/** How to get the optional native convolutions, for the messages of the tests that need them. */
export const nativeInstall = "sudo apt-get install g++ libdnnl-dev && npm run build:native";

/**
 * The `skip` of a test that needs the native addon: false when it loads, else the reason and the install command.
 * The addon is optional, so `npm test` on a machine without g++ and oneDNN skips these tests; CI sets
 * EXPLR_REQUIRE_NATIVE=1, and then they run (and fail) without it, so CI cannot pass on the wasm kernels alone.
 */
export function nativeSkip(): string | false {
  const load = loadNativeAddon();
  if ("addon" in load || process.env.EXPLR_REQUIRE_NATIVE === "1") return false;
  return `native convolutions unavailable (${load.reason}); install them: ${nativeInstall}`;
}
