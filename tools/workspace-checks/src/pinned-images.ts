/** TaskHub's own images: tagged with the release by kustomize's `images:` and compose's `TASKHUB_VERSION`. */
export const OWN_IMAGE = /^taskhub\//;

/**
 * A third-party image pinned to one release: `name:1.2.3`, `name:v1.2.3`, or with a variant suffix
 * (`postgres:15.10-bookworm`, `rabbitmq:3.13.7-management`); a floating `postgres:15` or `kong:3.9` moves under a
 * redeploy. Digests are not required: none can be read on the machines these files are checked on (docs/deployment.md).
 */
export const EXACT_RELEASE_TAG = /^[^\s@:]+(?::\d+)?(?:\/[^\s@:]+)*:v?\d+\.\d+\.\d+(?:-[\w.-]+)?$/;

/** PostgreSQL numbers its releases major.minor since 10 (15.10 is a release; 15 floats). */
const POSTGRES_RELEASE_TAG = /^postgres:\d+\.\d+(?:-[\w.-]+)?$/;

/** The images among `images` that are neither TaskHub's own nor pinned to an exact release. */
export function unpinnedImages(images: readonly string[]): string[] {
  return images.filter(
    (image) => !OWN_IMAGE.test(image) && !EXACT_RELEASE_TAG.test(image) && !POSTGRES_RELEASE_TAG.test(image),
  );
}
