import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@huquq/identity';
import { NotFound } from '@huquq/platform';

/**
 * Where `npm run build` puts the staff's web app (apps/web, built by Vite into dist/web): beside
 * the compiled API in dist/, or, when the API runs from source (tests), under the repo's dist/.
 */
function webAppFolder(): string | undefined {
  const candidates = [
    resolve(__dirname, '../../../../../web'),
    resolve(__dirname, '../../../../../dist/web'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * The staff's web app: static files only, so the routes are public. Every screen's data comes
 * from /v1 with the access token the page keeps in memory. A path that is no file is a screen
 * of the app (client-side routing): it gets index.html. Hashed files under assets/ never change,
 * so the browser may keep them; the global `no-store` stays on everything else.
 */
@ApiExcludeController()
@Public()
@Controller('app')
export class WebAppController {
  private readonly folder = webAppFolder();

  @Get()
  page(@Res() res: Response) {
    this.send(res, 'index.html');
  }

  @Get('*path')
  file(@Param('path') path: string[] | string, @Res() res: Response) {
    const relative = Array.isArray(path) ? path.join('/') : path;
    this.send(res, relative);
  }

  private send(res: Response, relative: string): void {
    if (!this.folder) throw new NotFound('web app (run npm run build)');
    const file = resolve(this.folder, relative);
    if (!file.startsWith(this.folder + sep)) throw new NotFound('file');
    if (extname(file) && existsSync(file)) {
      if (relative.startsWith('assets/'))
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      // The service worker is checked for updates on every visit.
      if (relative === 'sw.js') res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(file);
      return;
    }
    // A missing file (with an extension) is a 404; anything else is one of the app's screens.
    if (extname(file)) throw new NotFound('file');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.sendFile(join(this.folder, 'index.html'));
  }
}
