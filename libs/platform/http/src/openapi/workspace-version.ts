import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Manifest {
  readonly name?: string;
  readonly version?: string;
}

/**
 * The version of the TaskHub workspace: its package.json's, found by walking up from here (works from src/ under Jest,
 * from dist/ and in the image, which keeps package.json beside dist/).
 */
export function workspaceVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    const manifest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
    if (manifest?.name === 'taskhub' && manifest.version) return manifest.version;
    if (path.dirname(dir) === dir) throw new Error(`no taskhub package.json above ${from}: its version is the OpenAPI document's`);
  }
}
