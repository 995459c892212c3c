import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { OperatorsOnly } from '@huquq/identity';
import { Metrics } from './metrics';

/**
 * `GET /metrics` for the installation's operators (OPERATOR_TOKEN, like /health/details and
 * Bull Board; 404 without it): Prometheus's text format. Not part of the organizations' API.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @OperatorsOnly()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.text();
  }
}
