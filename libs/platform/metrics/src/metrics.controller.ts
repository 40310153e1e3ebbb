import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@taskhub/platform-auth';
import { ServiceMetrics } from './service-metrics';

interface ReplyLike {
  header(name: string, value: string): ReplyLike;
}

/** GET /metrics (outside the /api/v1 prefix, not in the OpenAPI documents): the Prometheus text exposition of this process. */
@Public()
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: ReplyLike): Promise<string> {
    reply.header('content-type', this.metrics.contentType);
    return this.metrics.render();
  }
}
