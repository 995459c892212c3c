import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ProjectionRunner } from '@huquq/event-store';
import { FollowUpsHealth } from '@huquq/follow-ups';
import { Database, routeTemplate, TenantDatabase } from '@huquq/platform';

/** Seconds: from a quick read to a raid's intake of 500 people. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A scrape must not hang on a database or a Redis that does not answer. */
const COLLECT_TIMEOUT_MS = 2000;

const within = <T>(work: Promise<T>): Promise<T | null> =>
  Promise.race([
    work.catch(() => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), COLLECT_TIMEOUT_MS).unref()),
  ]);

/**
 * The installation's metrics for its operators, in Prometheus's format (`GET /metrics`,
 * OPERATOR_TOKEN). Counts, durations and positions only: no organization, no person, no id —
 * routes by their template. Each app has a registry of its own (several run in a test process).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly latency = new Histogram({
    name: 'huquq_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(
    private readonly db: Database,
    private readonly tenants: TenantDatabase,
    private readonly projections: ProjectionRunner,
    private readonly followUps: FollowUpsHealth,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'huquq_' });
    this.databaseMetrics();
    this.projectionMetrics();
    this.followUpMetrics();
  }

  /** Express middleware: every answer's latency, by route template (never the URL as sent). */
  requestTimer() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.latency.startTimer();
      res.once('finish', () =>
        end({ method: req.method, route: routeTemplate(req), status: String(res.statusCode) }),
      );
      next();
    };
  }

  /** The text Prometheus scrapes; every gauge read fresh. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private databaseMetrics() {
    const pools: Array<[string, Pool]> = [
      ['owner', this.db.pool],
      ['request_path', this.tenants.pool],
    ];
    new Gauge({
      name: 'huquq_db_pool_connections',
      help: "Connections of this process's pools: open (total), idle, and requests waiting for one",
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        for (const [pool, p] of pools) {
          this.set({ pool, state: 'total' }, p.totalCount);
          this.set({ pool, state: 'idle' }, p.idleCount);
          this.set({ pool, state: 'waiting' }, p.waitingCount);
        }
      },
    });
    const db = this.db;
    // The case views hold one row per appeal logged (a raid logs one per person).
    new Counter({
      name: 'huquq_appeals_logged_total',
      help: 'Appeals logged in this installation (every organization), raids included',
      registers: [this.registry],
      async collect() {
        const result = await within(db.query<{ n: string }>('SELECT count(*) AS n FROM case_views'));
        this.reset();
        if (result) this.inc(Number(result.rows[0].n));
      },
    });
  }

  private projectionMetrics() {
    const runner = this.projections;
    const read = () => within(runner.status());
    const gauge = (
      name: string,
      help: string,
      value: (p: { lagEvents: number; lagSeconds: number; parked: number }) => number,
    ) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const p of (await read()) ?? []) this.set({ projection: p.name }, value(p));
        },
      });
    gauge('huquq_projection_lag_events', 'Events a projection has still to apply', (p) => p.lagEvents);
    gauge(
      'huquq_projection_lag_seconds',
      'How far behind the log a projection is, in logging time',
      (p) => p.lagSeconds,
    );
    gauge(
      'huquq_projection_parked_events',
      'Events a projection set aside after failing on them',
      (p) => p.parked,
    );
  }

  private followUpMetrics() {
    const followUps = this.followUps;
    new Gauge({
      name: 'huquq_follow_up_jobs',
      help: 'Follow-up jobs in the queue by state (failed: ended after every retry)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const status = await within(followUps.status());
        for (const [state, count] of Object.entries(status?.queue ?? {})) this.set({ state }, count);
      },
    });
  }
}
