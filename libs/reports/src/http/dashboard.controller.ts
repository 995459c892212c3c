import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@huquq/identity';
import { NotFound } from '@huquq/platform';

const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/**
 * The files sit beside the source (no build step); a compiled build runs from dist/, which tsc
 * does not copy them to, so it reads them from the source tree it was built from.
 */
function assetsFolder(): string {
  const candidates = [
    join(__dirname, '..', 'dashboard'),
    resolve(__dirname, '../../../../../libs/reports/src/dashboard'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`The dashboard's files are missing; looked in ${candidates.join(', ')}`);
  return found;
}

/**
 * The coordinators' dashboard: static files only. The page holds no data; it logs in with
 * POST /v1/auth/token and keeps the token in memory, so these routes are public.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardController {
  private readonly files = new Map<string, Buffer>();

  constructor() {
    const dir = assetsFolder();
    for (const name of Object.keys(ASSETS)) this.files.set(name, readFileSync(join(dir, name)));
  }

  @Get()
  page(@Res() res: Response) {
    this.send(res, 'index.html');
  }

  @Get(':file')
  asset(@Param('file') file: string, @Res() res: Response) {
    this.send(res, file);
  }

  private send(res: Response, name: string): void {
    const body = Object.hasOwn(ASSETS, name) ? this.files.get(name) : undefined;
    if (!body) throw new NotFound('file');
    res.setHeader('Content-Type', ASSETS[name]);
    res.send(body);
  }
}
