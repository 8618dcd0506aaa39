import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DownloadError, fetchExplained } from "./download.js";

/** The public npm registry, used when the user has set none. */
export const DEFAULT_REGISTRY = "https://registry.npmjs.org/";

/**
 * The npm registry the user has chosen: the `npm_config_registry` environment variable (set by npm itself for
 * `npm run` scripts, or by the user), else `npm config get registry` (which reads .npmrc files), else the public
 * registry. Always ends with "/".
 */
export async function userRegistry(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY;
  if (fromEnv) return withSlash(fromEnv);
  try {
    const { stdout } = await promisify(execFile)("npm", ["config", "get", "registry"], {
      env,
      timeout: 10_000,
    });
    const configured = stdout.trim();
    if (/^https?:\/\//.test(configured)) return withSlash(configured);
  } catch {
    // npm not on PATH (e.g. a bundled app): the public registry is npm's own default too.
  }
  return DEFAULT_REGISTRY;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/** Where a package version's tarball lies and the registry's checksum of it. */
export interface TarballLocation {
  readonly url: string;
  readonly integrity: string;
}

/**
 * Reads `name@version`'s tarball URL and sha512 integrity from the registry's (abbreviated) package metadata,
 * `GET <registry><name>`. Throws an Error naming the registry when the package, version or integrity is missing.
 */
export async function resolveTarball(
  registry: string,
  name: string,
  version: string,
): Promise<TarballLocation> {
  const metadataUrl = new URL(name.replace("/", "%2f"), withSlash(registry)).href;
  const response = await fetchExplained(metadataUrl, {
    headers: { accept: "application/vnd.npm.install-v1+json" },
  });
  if (!response.ok) {
    throw new DownloadError(
      `registry ${registry} answered ${response.status} for ${name}; check the registry setting`,
      metadataUrl,
      `HTTP ${response.status}`,
    );
  }
  const metadata = (await response.json()) as {
    versions?: Record<string, { dist?: { tarball?: string; integrity?: string } }>;
  };
  const dist = metadata.versions?.[version]?.dist;
  if (!dist?.tarball) {
    throw new Error(`registry ${registry} has no tarball for ${name}@${version}`);
  }
  if (!dist.integrity) {
    throw new Error(
      `registry ${registry} gives no sha512 integrity for ${name}@${version}; refusing to trust it`,
    );
  }
  return { url: dist.tarball, integrity: dist.integrity };
}
