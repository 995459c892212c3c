import { pipeline } from 'node:stream/promises';
import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { AttachedDocumentResponse, DocumentList } from './documents.responses';
import type { Request, Response } from 'express';
import { CurrentActor, Roles } from '@huquq/identity';
import { Actor, requestContext } from '@huquq/shared-kernel';
import { DOCUMENT_KINDS } from '../domain/case.events';
import { CASE_POLICY } from '../domain/case.policy';
import { DocumentReader } from './read-documents';
import { DocumentUploads } from './upload-document';

/**
 * A case's documents (a court ruling, a detention protocol, a power of attorney): the person's
 * papers, so only the roles that work with the person (never coordinators) send or read them.
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('v1')
export class DocumentsController {
  constructor(
    private readonly uploads: DocumentUploads,
    private readonly reader: DocumentReader,
  ) {}

  @Post('cases/:id/documents')
  @HttpCode(201)
  @Roles(...CASE_POLICY.documents)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: AttachedDocumentResponse })
  @ApiUnsupportedMediaTypeResponse({
    description: 'unsupported_media_type: not a multipart form, or a file type not taken',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  async attach(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-request-id') requestId?: string,
  ) {
    try {
      return await this.uploads.upload(requestContext(actor, requestId), id, req);
    } catch (error) {
      // Refused before the whole body arrived: answer, and never read the rest.
      if (!req.complete) {
        req.pause();
        res.setHeader('Connection', 'close');
      }
      throw error;
    }
  }

  @Get('cases/:id/documents')
  @Roles(...CASE_POLICY.documents)
  @ApiOkResponse({ type: DocumentList })
  list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.reader.list(actor, id);
  }

  @Get('documents/:id')
  @Roles(...CASE_POLICY.documents)
  @ApiOkResponse({
    description: 'The file as it was sent, with its own Content-Type',
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiGoneResponse({ description: 'gone: the document belonged to a person who was erased' })
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() res: Response) {
    const document = await this.reader.download(actor, id);
    res.status(200);
    res.setHeader('Content-Type', document.contentType);
    res.setHeader('Content-Length', String(document.size));
    res.setHeader('Content-Disposition', 'attachment');
    // A chunk that fails to open ends the response short of its Content-Length: the client
    // sees a broken download, never altered bytes.
    await pipeline(document.file, document.opening, res).catch(() => res.destroy());
  }
}
