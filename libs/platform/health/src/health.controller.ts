import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@taskhub/platform-auth';
import { HealthCheckService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { DependencyIndicators } from './dependency-indicators';

interface ReplyLike {
  status(code: number): ReplyLike;
}

/** `/health` body: terminus' shape, plus `degraded` when only non-critical dependencies are down. */
export interface HealthReport extends Omit<HealthCheckResult, 'status'> {
  readonly status: HealthCheckResult['status'] | 'degraded';
}

/**
 * Probes (outside the /api/v1 prefix, not in the OpenAPI documents), see docs/service-runtime.md and ADR 0003:
 * - /health/live: the process answers; never checks a dependency;
 * - /health/ready: running (not starting, not draining, no startup work such as cache warming still held), migrations
 *   applied, own database answers SELECT 1;
 * - /health: postgres, redis and rabbitmq each up or down (and, in a producing service, the outbox: down when its
 *   oldest unpublished event is older than a minute); 503 only when postgres (critical) is down.
 */
@Public()
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: DependencyIndicators,
  ) {}

  @Get('live')
  @Header('cache-control', 'no-store')
  live(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: ReplyLike): Promise<HealthCheckResult> {
    const { code, result } = await this.check([
      () => this.indicators.service(),
      () => this.indicators.migrations(),
      () => this.indicators.postgres(),
    ]);
    reply.status(code);
    return result;
  }

  @Get()
  @Header('cache-control', 'no-store')
  async report(@Res({ passthrough: true }) reply: ReplyLike): Promise<HealthReport> {
    const [critical, ...nonCritical] = await Promise.all([
      this.check([() => this.indicators.postgres()]),
      this.indicators.redis(),
      this.indicators.rabbitmq(),
      ...(this.indicators.hasOutbox ? [this.indicators.outbox()] : []),
      ...(this.indicators.hasConsumers ? [this.indicators.consumers()] : []),
    ]);
    const info = { ...critical.result.info } as HealthIndicatorResult;
    const error = { ...critical.result.error } as HealthIndicatorResult;
    for (const result of nonCritical) {
      for (const key of Object.keys(result)) {
        const value = result[key];
        if (value.status === 'up') info[key] = value;
        else error[key] = value;
      }
    }
    const degraded = Object.keys(error).length > 0;
    reply.status(critical.code);
    return {
      status: critical.code === 503 ? critical.result.status : degraded ? 'degraded' : 'ok',
      info,
      error,
      details: { ...critical.result.details, ...(Object.assign({}, ...nonCritical) as HealthIndicatorResult) },
    };
  }

  /** Runs terminus' check, turning its ServiceUnavailableException into a 503 answer that keeps the report. */
  private async check(indicators: Array<() => HealthIndicatorResult | Promise<HealthIndicatorResult>>): Promise<{ code: 200 | 503; result: HealthCheckResult }> {
    try {
      return { code: 200, result: await this.health.check(indicators) };
    } catch (error) {
      if (error instanceof ServiceUnavailableException) return { code: 503, result: error.getResponse() as HealthCheckResult };
      throw error;
    }
  }
}
