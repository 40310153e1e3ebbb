import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { mountsOf, readCompose, root } from './compose-file';

describe('docker-compose signing keys', () => {
  const compose = readCompose();
  const oneShot = compose.services['jwt-keys'];
  const volumeAt = (service: string, dir: string | undefined) => mountsOf(compose.services[service]).find(([, target]) => target === dir);
  const signingVolume = volumeAt('jwt-keys', oneShot?.environment?.AUTH_SIGNING_KEYS_DIR)?.[0];
  const publicVolume = volumeAt('jwt-keys', oneShot?.environment?.JWT_PUBLIC_KEYS_DIR)?.[0];

  it('should make the key pairs in one volume and publish their public halves into another', () => {
    expect(signingVolume).toBeDefined();
    expect(publicVolume).toBeDefined();
    expect(publicVolume).not.toBe(signingVolume);
    expect(oneShot?.command?.join(' ')).toMatch(/auth-admin\.js keys ensure && .*auth-admin\.js keys publish$/);
  });

  it('should mount the private keys into the auth service alone (besides the one-shot writing them), read-only', () => {
    const mounting = Object.keys(compose.services).filter((name) => mountsOf(compose.services[name]).some(([source]) => source === signingVolume));

    expect(mounting.sort()).toEqual(['auth-service', 'jwt-keys']);
    expect(volumeAt('auth-service', compose.services['auth-service'].environment?.AUTH_SIGNING_KEYS_DIR)).toEqual([signingVolume, expect.any(String), 'ro']);
  });

  it.each(SERVICE_CATALOG.map((s) => s.app))('should give %s the public halves alone, read-only, at JWT_PUBLIC_KEYS_DIR', (app) => {
    expect(volumeAt(app, compose.services[app].environment?.JWT_PUBLIC_KEYS_DIR)).toEqual([publicVolume, expect.any(String), 'ro']);
  });

  it('should render the Kong configuration from the public halves', () => {
    const render = compose.services['kong-config'];
    const dir = render.command?.[render.command.indexOf('--public-keys') + 1];

    expect(volumeAt('kong-config', dir)).toEqual([publicVolume, expect.any(String), 'ro']);
  });

  it("should have the image make the one-shot's folders owned by node, the key pairs' readable by node alone", () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    for (const [, target] of mountsOf(oneShot)) expect(dockerfile).toMatch(new RegExp(`chown node:node [^\\n]*${target}(\\s|$)`));
    expect(dockerfile).toMatch(new RegExp(`chmod 700 ${oneShot?.environment?.AUTH_SIGNING_KEYS_DIR}(\\s|$)`));
  });
});
