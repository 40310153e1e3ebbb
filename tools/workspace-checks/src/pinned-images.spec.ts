import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readCompose, root } from './compose-file';
import { unpinnedImages } from './pinned-images';

describe('third-party images pinned to a release', () => {
  it('should tell an exact release from a floating tag', () => {
    expect(
      unpinnedImages([
        'postgres:15.10-bookworm',
        'rabbitmq:3.13.7-management',
        'prom/prometheus:v2.55.1',
        'quay.io/prometheuscommunity/postgres-exporter:v0.16.0',
        'taskhub/task-service',
        'postgres:15',
        'kong:3.9',
        'redis',
        'redis:latest',
        'quay.io:443/x/y:1.2',
      ]),
    ).toEqual(['postgres:15', 'kong:3.9', 'redis', 'redis:latest', 'quay.io:443/x/y:1.2']);
  });

  it('should pin every image docker-compose.yml runs', () => {
    const images = Object.values(readCompose().services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.length).toBeGreaterThan(5);
    expect(unpinnedImages(images)).toEqual([]);
  });

  it("should pin the Dockerfile's base image", () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(base).toBeDefined();
    expect(unpinnedImages([base ?? ''])).toEqual([]);
  });
});
