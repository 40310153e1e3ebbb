import { waitFor } from './wait-for';

/**
 * Polls `<baseUrl>/health` until every dependency is reported up (`status: "ok"`), and returns that status code and
 * body. A service starts serving before its Redis and RabbitMQ connections are established (it works without them),
 * so a report read right after start may still say "degraded".
 */
export async function waitForHealthy(baseUrl: string, timeoutMs = 30_000): Promise<{ status: number; body: unknown }> {
  return waitFor(
    async () => {
      const response = await fetch(`${baseUrl}/health`);
      const body = (await response.json()) as { status?: string };
      return body.status === 'ok' ? { status: response.status, body } : undefined;
    },
    { description: `${baseUrl}/health to report every dependency up`, timeoutMs },
  );
}
